using System.Net;
using Google.Protobuf;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// Prometheus metrics on the admin port (issue 3 item 5, issue 10): a known workload, then exact values. Each test
/// has its own collector, so its registry counts only that test's requests.
/// </summary>
public sealed class MetricsTests : IAsyncDisposable
{
    private readonly SpanTopic _topic = new();
    private CollectorHost? _collector;

    [Fact]
    public async Task Counts_received_accepted_and_rejected_spans_by_transport_and_reason()
    {
        var collector = await StartAsync([]);
        var http = Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(Otlp.NewTraceId()), Otlp.Span(Otlp.NewTraceId()), ZeroTraceId(), ZeroTraceId(), ZeroTraceId()));
        var grpc = Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(Otlp.NewTraceId())));
        var (httpBytes, grpcBytes) = (http.CalculateSize(), grpc.CalculateSize());

        using var response = await collector.PostProtobufAsync(http);
        await collector.Grpc.ExportAsync(grpc, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var metrics = await ScrapedMetrics.WhenAsync(collector, m => m.Value("jaeger_collector_request_duration_seconds_count", ("transport", "grpc")) == 1);
        Assert.Equal(3, metrics.Value("jaeger_collector_spans_rejected_total", ("reason", "zero_trace_id")));
        Assert.Equal(0, metrics.Value("jaeger_collector_spans_rejected_total", ("reason", "zero_span_id")));
        Assert.Equal(3, metrics.Value("jaeger_collector_spans_accepted_total"));
        Assert.Equal((1, 1), (metrics.Value("jaeger_collector_requests_received_total", ("transport", "http")), metrics.Value("jaeger_collector_requests_received_total", ("transport", "grpc"))));
        Assert.Equal((5, 1), (metrics.Value("jaeger_collector_spans_received_total", ("transport", "http")), metrics.Value("jaeger_collector_spans_received_total", ("transport", "grpc"))));
        Assert.Equal((httpBytes, grpcBytes), ((int)metrics.Value("jaeger_collector_received_bytes_total", ("transport", "http")), (int)metrics.Value("jaeger_collector_received_bytes_total", ("transport", "grpc"))));
        Assert.Equal(1, metrics.Value("jaeger_collector_request_duration_seconds_count", ("transport", "http")));

        // One record per trace: two from the HTTP request, one from the gRPC request.
        Assert.Equal(3, metrics.Value("jaeger_collector_kafka_ack_duration_seconds_count"));
    }

    [Fact]
    public async Task Counts_throttled_requests_and_spans_of_the_flooding_service_only()
    {
        var collector = await StartAsync(new() { ["Collector:RateLimits:PerService:SpansPerSecond"] = "1", ["Collector:RateLimits:PerService:Burst"] = "10" });

        // The refused requests need 10 and 9 s of refill to pass, however slow the first one's Kafka ack is; with 5 and
        // 3 spans, a first produce to a fresh cluster slower than 3 s on a busy machine let the last one through.
        var answers = new List<HttpStatusCode>();
        foreach (var (service, spans) in new[] { ("flooder", 10), ("flooder", 10), ("flooder", 9), ("calm", 5) })
        {
            using var response = await collector.PostProtobufAsync(ServiceRequests.Of(service, spans));
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], answers);
        var metrics = await ScrapedMetrics.ReadAsync(collector);
        Assert.Equal(2, metrics.Value("jaeger_collector_throttled_requests_total", ("limit", "service"), ("service", "flooder")));
        Assert.Equal(19, metrics.Value("jaeger_collector_throttled_spans_total", ("limit", "service"), ("service", "flooder")));
        Assert.False(metrics.Has("jaeger_collector_throttled_requests_total", ("limit", "service"), ("service", "calm")));
        Assert.Equal(15, metrics.Value("jaeger_collector_spans_accepted_total"));
    }

    [Fact]
    public async Task Counts_throttled_requests_of_the_flooding_tenant()
    {
        var collector = await StartAsync(new()
        {
            ["Collector:Tenancy:AcceptTenantHeader"] = "true",
            ["Collector:Tenancy:Tenants:0"] = "team-x",
            ["Collector:Tenancy:Tenants:1"] = "team-y",
            ["Collector:RateLimits:Tenants:team-x:SpansPerSecond"] = "1",
            ["Collector:RateLimits:Tenants:team-x:Burst"] = "10",
        });

        // The refused request needs 9 s of refill to pass, however slow the first one's Kafka ack is.
        var answers = new List<HttpStatusCode>();
        foreach (var (tenant, spans) in new[] { ("team-x", 10), ("team-x", 9), ("team-y", 3) })
        {
            using var response = await collector.PostProtobufAsync(ServiceRequests.Of("svc", spans), headers => headers.Add("x-tenant", tenant));
            answers.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.OK], answers);
        var metrics = await ScrapedMetrics.ReadAsync(collector);
        Assert.Equal(1, metrics.Value("jaeger_collector_throttled_requests_total", ("limit", "tenant"), ("tenant", "team-x")));
        Assert.Equal(9, metrics.Value("jaeger_collector_throttled_spans_total", ("limit", "tenant"), ("tenant", "team-x")));
        Assert.False(metrics.Has("jaeger_collector_throttled_requests_total", ("limit", "tenant"), ("tenant", "team-y")));
    }

    [Fact]
    public async Task Service_names_beyond_the_label_maximum_are_counted_as_other()
    {
        var collector = await StartAsync(new()
        {
            ["Collector:Metrics:MaxLabelValues"] = "2",
            ["Collector:RateLimits:PerService:SpansPerSecond"] = "1",
            ["Collector:RateLimits:PerService:Burst"] = "10",
        });

        // Each service's second request needs 10 s of refill to pass, however slow the first one's Kafka ack is.
        foreach (var service in new[] { "s1", "s2", "s3", "s4" })
        {
            (await collector.PostProtobufAsync(ServiceRequests.Of(service, 10))).EnsureSuccessStatusCode();
            using var refused = await collector.PostProtobufAsync(ServiceRequests.Of(service, 10));
            Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        }

        var metrics = await ScrapedMetrics.ReadAsync(collector);
        Assert.Equal(
            (1, 1, 2),
            (metrics.Value("jaeger_collector_throttled_requests_total", ("limit", "service"), ("service", "s1")),
             metrics.Value("jaeger_collector_throttled_requests_total", ("limit", "service"), ("service", "s2")),
             metrics.Value("jaeger_collector_throttled_requests_total", ("limit", "service"), ("service", "_other"))));
        Assert.False(metrics.Has("jaeger_collector_throttled_requests_total", ("limit", "service"), ("service", "s3")));
    }

    public async ValueTask DisposeAsync()
    {
        if (_collector is not null)
        {
            await _collector.DisposeAsync();
        }

        _topic.Dispose();
    }

    private async Task<CollectorHost> StartAsync(Dictionary<string, string?> settings) =>
        _collector = await CollectorHost.StartAsync(_topic.BootstrapServers, settings);

    private static OpenTelemetry.Proto.Trace.V1.Span ZeroTraceId()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "zero-trace");
        span.TraceId = ByteString.CopyFrom(new byte[16]);
        return span;
    }
}
