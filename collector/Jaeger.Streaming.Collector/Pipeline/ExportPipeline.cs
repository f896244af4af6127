using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Collector.Boundary.RateLimiting;
using Jaeger.Streaming.Collector.Publishing;
using Jaeger.Streaming.Collector.Receivers;
using Jaeger.Streaming.Collector.Sampling.Adaptive;
using Jaeger.Streaming.Collector.Splitting;
using Jaeger.Streaming.Collector.Telemetry;
using Jaeger.Streaming.Collector.Wire;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Pipeline;

/// <summary>
/// The one place the collector's steps are wired, shared by the gRPC and HTTP receivers:
/// validate (schema limits, and the credential's services) → rate limits → split by trace → publish to Kafka.
/// Authentication and the tenant happen before, in the receivers, and arrive here as the <see cref="Producer"/>.
/// A protobuf body first tries the wire path (<see cref="TryExportClean"/>): when a scan finds nothing to reject or
/// change, the same steps run on byte ranges of the body, with no message parsed or encoded.
/// </summary>
internal sealed class ExportPipeline(
    SpanValidator validator,
    CleanRequestScanner scanner,
    SpanRateLimiter rateLimiter,
    TraceSplitter splitter,
    WireTraceSplitter wireSplitter,
    KafkaSpanPublisher publisher,
    CollectorMetrics metrics,
    RootSpanTally rootSpans,
    IOptions<KafkaPublisherOptions> publisherOptions)
{
    private readonly TimeSpan _retryAfter = TimeSpan.FromSeconds(publisherOptions.Value.RetryAfterSeconds);

    public async Task<ExportOutcome> ExportAsync(ExportTraceServiceRequest request, Producer producer, OtlpTransport transport, CancellationToken cancellationToken)
    {
        var validation = validator.Validate(request, producer.AllowedServices);
        metrics.SpansReceived(transport, validation.AcceptedSpans + validation.RejectedSpans);
        if (validation.WhollyInvalid)
        {
            return Rejected(validation, new ExportOutcome(ExportStatus.Invalid, validation.RejectedSpans, validation.ErrorMessage, TimeSpan.Zero));
        }

        if (validation.AcceptedSpans > 0)
        {
            var census = SpanCensus.Of(request, rootSpans.IsEnabled);
            if (Throttled(census, validation.AcceptedSpans, producer) is { } throttled)
            {
                return throttled;
            }

            var batches = splitter.Split(request);
            var records = new List<TraceRecord>(batches.Count);
            foreach (var batch in batches)
            {
                records.Add(batch.Encode());
            }

            var published = await PublishAsync(records, census, validation.AcceptedSpans, producer, cancellationToken).ConfigureAwait(false);
            if (published.Status != ExportStatus.Accepted)
            {
                return published;
            }
        }

        return Rejected(validation, new ExportOutcome(ExportStatus.Accepted, validation.RejectedSpans, validation.ErrorMessage, TimeSpan.Zero));
    }

    /// <summary>
    /// Exports a protobuf <paramref name="body"/> without parsing it when it is clean: nothing in it to reject or
    /// change. Null when it is not; the caller then parses it and calls <see cref="ExportAsync"/>, which decides as
    /// always. Nothing refers to <paramref name="body"/> once this returns.
    /// </summary>
    public Task<ExportOutcome>? TryExportClean(ReadOnlySpan<byte> body, Producer producer, OtlpTransport transport, CancellationToken cancellationToken)
    {
        if (scanner.Scan(body, producer.AllowedServices, rootSpans.IsEnabled) is not { } request)
        {
            return null;
        }

        var spans = request.Spans.Count;
        metrics.SpansReceived(transport, spans);
        if (spans == 0)
        {
            return Task.FromResult(new ExportOutcome(ExportStatus.Accepted, 0, "", TimeSpan.Zero));
        }

        // Before the split, as on the model path: a throttled request costs no copying.
        if (Throttled(request.Census, spans, producer) is { } throttled)
        {
            return Task.FromResult(throttled);
        }

        return PublishAsync(wireSplitter.Split(request, body), request.Census, spans, producer, cancellationToken);
    }

    /// <summary>Before anything is produced: a throttled request must leave nothing on the topic.</summary>
    private ExportOutcome? Throttled(SpanCensus census, int spans, Producer producer)
    {
        var throttle = rateLimiter.Acquire(census, producer.Tenant);
        if (!throttle.Refused)
        {
            return null;
        }

        metrics.Throttled(throttle, spans);
        return new ExportOutcome(ExportStatus.Throttled, 0, throttle.Message, throttle.RetryAfter);
    }

    private async Task<ExportOutcome> PublishAsync(List<TraceRecord> records, SpanCensus census, int spans, Producer producer, CancellationToken cancellationToken)
    {
        var published = await publisher.PublishAsync(records, producer.Tenant, cancellationToken).ConfigureAwait(false);
        if (!published.Acknowledged)
        {
            return new ExportOutcome(ExportStatus.Unavailable, 0, published.FailureMessage, _retryAfter);
        }

        metrics.SpansAccepted(spans);
        rootSpans.Count(census);
        return new ExportOutcome(ExportStatus.Accepted, 0, "", TimeSpan.Zero);
    }

    /// <summary>Rejections count once the client is told of them; a throttled or unavailable request is retried whole.</summary>
    private ExportOutcome Rejected(SpanValidation validation, ExportOutcome outcome)
    {
        if (validation.Rejections is { } rejections)
        {
            metrics.SpansRejected(rejections);
        }

        return outcome;
    }
}
