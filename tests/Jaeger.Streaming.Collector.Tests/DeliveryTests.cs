using System.Net;
using Grpc.Core;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// Durable acceptance (DESIGN §3): success only once Kafka acknowledged every record, and a retryable refusal, never an
/// unbounded buffer, when it cannot. Each test owns its cluster because it takes the brokers down.
/// </summary>
public sealed class DeliveryTests : IDisposable
{
    private readonly SpanTopic _topic = new();

    [Fact]
    public async Task Request_is_not_answered_while_all_brokers_are_down_and_succeeds_with_every_span_once_they_return()
    {
        await using var collector = await CollectorHost.StartAsync(_topic.BootstrapServers);
        (await collector.PostProtobufAsync(Otlp.Request(Otlp.ResourceSpans("warm-up", Otlp.Span(Otlp.NewTraceId()))))).EnsureSuccessStatusCode();
        var (first, second) = (Otlp.NewTraceId(), Otlp.NewTraceId());
        _topic.Cluster.SetAllBrokersDown();

        var pending = collector.PostProtobufAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(first, "a"), Otlp.Span(second, "b"), Otlp.Span(first, "c"))));
        await Task.Delay(TimeSpan.FromSeconds(3), TestContext.Current.CancellationToken);
        Assert.False(pending.IsCompleted, "The collector answered while no broker could acknowledge.");
        _topic.Cluster.SetAllBrokersUp();

        using var response = await pending;
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["a", "c"], _topic.ReadTraceRequests(first).AllSpans().ConvertAll(s => s.Name));
        Assert.Equal(["b"], _topic.ReadTraceRequests(second).AllSpans().ConvertAll(s => s.Name));
    }

    [Fact]
    public async Task Answers_503_with_Retry_After_when_the_producer_queue_is_full()
    {
        await using var collector = await CollectorHost.StartAsync(_topic.BootstrapServers, TinyQueue);
        _topic.Cluster.SetAllBrokersDown();

        using var response = await collector.PostProtobufAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(Otlp.NewTraceId()), Otlp.Span(Otlp.NewTraceId()))));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
        var status = RpcStatusReader.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal((int)StatusCode.Unavailable, status.Code);
        Assert.Contains("queue is full", status.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Counts_each_request_refused_for_a_full_producer_queue()
    {
        await using var collector = await CollectorHost.StartAsync(_topic.BootstrapServers, TinyQueue);
        _topic.Cluster.SetAllBrokersDown();

        using var response = await collector.PostProtobufAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(Otlp.NewTraceId()), Otlp.Span(Otlp.NewTraceId()))));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        var metrics = await ScrapedMetrics.ReadAsync(collector);
        Assert.Equal(1, metrics.Value("jaeger_collector_producer_queue_full_total"));
        Assert.Equal(0, metrics.Value("jaeger_collector_spans_accepted_total"));
    }

    [Fact]
    public async Task Grpc_answers_UNAVAILABLE_with_retry_info_when_the_producer_queue_is_full()
    {
        await using var collector = await CollectorHost.StartAsync(_topic.BootstrapServers, TinyQueue);
        _topic.Cluster.SetAllBrokersDown();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await collector.Grpc.ExportAsync(
            Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(Otlp.NewTraceId()), Otlp.Span(Otlp.NewTraceId()))),
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        var details = RpcStatusReader.Decode(error.Trailers.GetValueBytes("grpc-status-details-bin")!);
        Assert.Equal(TimeSpan.FromSeconds(7), details.RetryDelay);
    }

    [Fact]
    public async Task Answers_503_when_kafka_does_not_acknowledge_within_the_delivery_timeout()
    {
        await using var collector = await CollectorHost.StartAsync(_topic.BootstrapServers, new Dictionary<string, string?>
        {
            ["Collector:Producer:MessageTimeoutMs"] = "1500",
        });
        _topic.Cluster.SetAllBrokersDown();

        using var response = await collector.PostProtobufAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(Otlp.NewTraceId()))));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
    }

    public void Dispose() => _topic.Dispose();

    /// <summary>Room for one record, and a short delivery timeout so the stranded record does not stall shutdown.</summary>
    private static Dictionary<string, string?> TinyQueue => new()
    {
        ["Collector:Producer:QueueBufferingMaxMessages"] = "1",
        ["Collector:Producer:MessageTimeoutMs"] = "2000",
        ["Collector:Producer:RetryAfterSeconds"] = "7",
    };
}
