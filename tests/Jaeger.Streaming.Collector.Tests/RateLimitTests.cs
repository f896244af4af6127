using System.Net;
using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary.RateLimiting;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// Per-service token buckets (issue 3, item 4). Buckets of 10 spans refilled at 1 span/s, so a test empties one
/// quickly and the refill cannot race it.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly SpanTopic _topic = new();
    private CollectorHost _collector = null!;

    public async ValueTask InitializeAsync() => _collector = await CollectorHost.StartAsync(_topic.BootstrapServers, new Dictionary<string, string?>
    {
        ["Collector:RateLimits:PerService:SpansPerSecond"] = "1",
        ["Collector:RateLimits:PerService:Burst"] = "10",
        ["Collector:RateLimits:Services:vip:SpansPerSecond"] = "1000",
    });

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        _topic.Dispose();
    }

    // Every refused request asks for 10 spans: at 1 span/s the bucket needs 10 s to hold them, so a Kafka ack slowed
    // by a busy machine cannot refill it between the requests (a 1-span request was refused only while acks took < 1 s).
    [Fact]
    public async Task Flooding_service_gets_429_with_Retry_After_while_another_service_is_still_accepted()
    {
        (await _collector.PostProtobufAsync(RequestOf("flooder", Otlp.NewTraceId(), 10))).EnsureSuccessStatusCode();
        var refusedTrace = Otlp.NewTraceId();

        using var refused = await _collector.PostProtobufAsync(RequestOf("flooder", refusedTrace, 10));
        using var other = await _collector.PostProtobufAsync(RequestOf("calm", Otlp.NewTraceId(), 5));

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta >= TimeSpan.FromSeconds(1));
        var status = RpcStatusReader.Decode(await refused.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Contains("service 'flooder'", status.Message, StringComparison.Ordinal);
        Assert.Contains("Collector:RateLimits:PerService", status.Message, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        Assert.Empty(_topic.ReadTrace(refusedTrace));
    }

    [Fact]
    public async Task Request_with_one_service_over_its_quota_is_refused_whole()
    {
        (await _collector.PostProtobufAsync(RequestOf("busy", Otlp.NewTraceId(), 10))).EnsureSuccessStatusCode();
        var traceId = Otlp.NewTraceId();
        var mixed = Otlp.Request(
            Otlp.ResourceSpans("fresh", Otlp.Span(traceId, "fresh-span")),
            Otlp.ResourceSpans("busy", [.. Enumerable.Range(0, 10).Select(_ => Otlp.Span(traceId, "busy-span"))]));

        using var response = await _collector.PostProtobufAsync(mixed);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Empty(_topic.ReadTrace(traceId));
    }

    [Fact]
    public async Task Grpc_gets_UNAVAILABLE_with_retry_info_when_throttled()
    {
        await _collector.Grpc.ExportAsync(RequestOf("grpc-flooder", Otlp.NewTraceId(), 10), cancellationToken: TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<RpcException>(async () =>
            await _collector.Grpc.ExportAsync(RequestOf("grpc-flooder", Otlp.NewTraceId(), 10), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unavailable, error.StatusCode);
        var details = RpcStatusReader.Decode(error.Trailers.GetValueBytes("grpc-status-details-bin")!);
        Assert.True(details.RetryDelay >= TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Service_override_raises_that_services_quota()
    {
        for (var i = 0; i < 3; i++)
        {
            using var response = await _collector.PostProtobufAsync(RequestOf("vip", Otlp.NewTraceId(), 10));
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
    }

    [Fact]
    public async Task Request_larger_than_the_bucket_is_accepted_once_and_empties_it()
    {
        using var first = await _collector.PostProtobufAsync(RequestOf("bulk", Otlp.NewTraceId(), 25));
        using var second = await _collector.PostProtobufAsync(RequestOf("bulk", Otlp.NewTraceId(), 10));

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode));
    }

    [Fact]
    public void Service_names_beyond_the_tracked_maximum_share_the_overflow_bucket()
    {
        var keys = new TrackedKeys(2, TimeProvider.System);

        Assert.Equal(["a", "b", TrackedKeys.Overflow, "a"], new[] { keys.Admit("a"), keys.Admit("b"), keys.Admit("c"), keys.Admit("a") });
    }

    [Fact]
    public void Negative_rate_names_the_key()
    {
        var options = new RateLimitOptions { Services = { ["checkout"] = new SpanQuota { SpansPerSecond = -1 } } };

        var result = new RateLimitOptionsValidator().Validate(null, options);

        Assert.Contains("Collector:RateLimits:Services:checkout:SpansPerSecond", result.FailureMessage, StringComparison.Ordinal);
    }

    private static ExportTraceServiceRequest RequestOf(string service, TraceIdBytes traceId, int spans) => ServiceRequests.Of(service, spans, traceId);
}
