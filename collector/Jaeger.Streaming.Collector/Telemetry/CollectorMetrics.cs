using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Collector.Boundary.RateLimiting;
using Jaeger.Streaming.Collector.Receivers;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Jaeger.Streaming.Collector.Telemetry;

/// <summary>
/// The collector's Prometheus instruments (issue 3 item 5, issue 10), all in this host's own registry so that hosts
/// sharing a process never mix their counts. Every label has a bounded set of values.
/// </summary>
internal sealed class CollectorMetrics
{
    private static readonly double[] LatencyBuckets = Histogram.ExponentialBuckets(0.001, 2, 16);

    private readonly Counter _requestsReceived;
    private readonly Counter _spansReceived;
    private readonly Counter _bytesReceived;
    private readonly Counter _spansAccepted;
    private readonly Counter _spansRejected;
    private readonly Counter _throttledRequests;
    private readonly Counter _throttledSpans;
    private readonly Counter _producerQueueFull;
    private readonly Counter _authFailures;
    private readonly Counter _inFlightRefusals;
    private readonly Histogram _requestDuration;
    private readonly Histogram _kafkaAckDuration;
    private readonly BoundedLabels _services;
    private readonly BoundedLabels _tenants;

    public CollectorMetrics(CollectorRegistry registry, IOptions<CollectorMetricsOptions> options)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _services = new BoundedLabels(options.Value.MaxLabelValues);
        _tenants = new BoundedLabels(options.Value.MaxLabelValues);
        _requestsReceived = factory.CreateCounter("jaeger_collector_requests_received_total", "OTLP export requests received, whatever their outcome.", "transport");
        _spansReceived = factory.CreateCounter("jaeger_collector_spans_received_total", "Spans in the export requests that could be parsed, before validation.", "transport");
        _bytesReceived = factory.CreateCounter("jaeger_collector_received_bytes_total", "OTLP payload bytes read from export requests, after decompression.", "transport");
        _spansAccepted = factory.CreateCounter("jaeger_collector_spans_accepted_total", "Spans acknowledged by Kafka and reported to the client as accepted.");
        _spansRejected = factory.CreateCounter("jaeger_collector_spans_rejected_total", "Spans rejected by validation and reported to the client (partial success or 400), by reason.", "reason");
        _throttledRequests = factory.CreateCounter("jaeger_collector_throttled_requests_total", "Export requests refused whole by a rate limit: limit is the bucket kind; service or tenant names its owner.", "limit", "service", "tenant");
        _throttledSpans = factory.CreateCounter("jaeger_collector_throttled_spans_total", "Valid spans of the export requests refused by a rate limit.", "limit", "service", "tenant");
        _producerQueueFull = factory.CreateCounter("jaeger_collector_producer_queue_full_total", "Export requests refused with 503/UNAVAILABLE because the Kafka producer queue was full.");
        _authFailures = factory.CreateCounter("jaeger_collector_auth_failures_total", "Export requests refused for their credential (401) or tenant (401/403).", "transport", "reason");
        _inFlightRefusals = factory.CreateCounter("jaeger_collector_in_flight_refused_requests_total", "Export requests refused with 503/UNAVAILABLE because Collector:MaxRequestBytesInFlight was reached.", "transport");
        _requestDuration = factory.CreateHistogram("jaeger_collector_request_duration_seconds", "Time from an export request's arrival to its answer.", ["transport"], new HistogramConfiguration { Buckets = LatencyBuckets });
        _kafkaAckDuration = factory.CreateHistogram("jaeger_collector_kafka_ack_duration_seconds", "Time from producing a span record to Kafka's acknowledgement of it.", new HistogramConfiguration { Buckets = LatencyBuckets });
        InFlightBytes = factory.CreateGauge("jaeger_collector_in_flight_request_bytes", "Bytes of request bodies held by requests in flight.");

        // Known label values are published at zero, so a rate() over them works from the first scrape.
        foreach (var transport in Enum.GetValues<OtlpTransport>())
        {
            _requestsReceived.WithLabels(Label(transport));
            _spansReceived.WithLabels(Label(transport));
            _bytesReceived.WithLabels(Label(transport));
        }

        foreach (var defect in Enum.GetValues<SpanDefect>())
        {
            if (defect != SpanDefect.None)
            {
                _spansRejected.WithLabels(Reason(defect));
            }
        }
    }

    public Gauge InFlightBytes { get; }

    public void RequestReceived(OtlpTransport transport) => _requestsReceived.WithLabels(Label(transport)).Inc();

    public void PayloadReceived(OtlpTransport transport, long bytes) => _bytesReceived.WithLabels(Label(transport)).Inc(bytes);

    public void SpansReceived(OtlpTransport transport, int spans) => _spansReceived.WithLabels(Label(transport)).Inc(spans);

    public void SpansAccepted(int spans) => _spansAccepted.Inc(spans);

    public void SpansRejected(SpanRejections rejections)
    {
        foreach (var defect in Enum.GetValues<SpanDefect>())
        {
            if (rejections.CountOf(defect) is var count and > 0)
            {
                _spansRejected.WithLabels(Reason(defect)).Inc(count);
            }
        }
    }

    public void Throttled(Throttle throttle, int spans)
    {
        var (limit, service, tenantLabel) = throttle.Limit switch
        {
            ThrottleLimit.Service => ("service", _services.Of(TrackedName(throttle.Key)), ""),
            ThrottleLimit.Tenant => ("tenant", "", _tenants.Of(TrackedName(throttle.Key))),
            _ => ("global", "", ""),
        };
        _throttledRequests.WithLabels(limit, service, tenantLabel).Inc();
        _throttledSpans.WithLabels(limit, service, tenantLabel).Inc(spans);
    }

    public void ProducerQueueFull() => _producerQueueFull.Inc();

    public void AuthenticationFailed(OtlpTransport transport, string reason) => _authFailures.WithLabels(Label(transport), reason).Inc();

    public void InFlightRefused(OtlpTransport transport) => _inFlightRefusals.WithLabels(Label(transport)).Inc();

    public void RequestAnswered(OtlpTransport transport, TimeSpan elapsed) => _requestDuration.WithLabels(Label(transport)).Observe(elapsed.TotalSeconds);

    public void KafkaAcknowledged(TimeSpan elapsed) => _kafkaAckDuration.Observe(elapsed.TotalSeconds);

    private static string TrackedName(string key) => key == TrackedKeys.Overflow ? BoundedLabels.Other : key;

    private static string Label(OtlpTransport transport) => transport == OtlpTransport.Grpc ? "grpc" : "http";

    /// <summary>The <c>reason</c> label: a stable snake_case name for each rejection reason.</summary>
    internal static string Reason(SpanDefect defect) => defect switch
    {
        SpanDefect.ZeroTraceId => "zero_trace_id",
        SpanDefect.TraceIdLength => "invalid_trace_id_length",
        SpanDefect.ZeroSpanId => "zero_span_id",
        SpanDefect.SpanIdLength => "invalid_span_id_length",
        SpanDefect.EndBeforeStart => "end_before_start",
        SpanDefect.NameTooLong => "name_too_long",
        SpanDefect.TooOld => "too_old",
        SpanDefect.InFuture => "in_future",
        SpanDefect.TooManyAttributes => "too_many_attributes",
        SpanDefect.TooManyEvents => "too_many_events",
        SpanDefect.TooManyLinks => "too_many_links",
        SpanDefect.TooManyEventAttributes => "too_many_event_attributes",
        SpanDefect.TooManyLinkAttributes => "too_many_link_attributes",
        SpanDefect.KeyTooLong => "key_too_long",
        SpanDefect.TooManyResourceAttributes => "too_many_resource_attributes",
        SpanDefect.TooManyScopeAttributes => "too_many_scope_attributes",
        SpanDefect.BeyondRequestLimit => "beyond_request_limit",
        SpanDefect.ServiceNotAllowed => "service_not_allowed",
        _ => "other",
    };
}
