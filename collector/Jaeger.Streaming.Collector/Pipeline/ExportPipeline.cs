using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Collector.Boundary.RateLimiting;
using Jaeger.Streaming.Collector.Publishing;
using Jaeger.Streaming.Collector.Receivers;
using Jaeger.Streaming.Collector.Sampling.Adaptive;
using Jaeger.Streaming.Collector.Splitting;
using Jaeger.Streaming.Collector.Telemetry;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Pipeline;

/// <summary>
/// The one place the collector's steps are wired, shared by the gRPC and HTTP receivers:
/// validate (schema limits, and the credential's services) → rate limits → split by trace → publish to Kafka.
/// Authentication and the tenant happen before, in the receivers, and arrive here as the <see cref="Producer"/>.
/// </summary>
internal sealed class ExportPipeline(
    SpanValidator validator,
    SpanRateLimiter rateLimiter,
    TraceSplitter splitter,
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
            // Before anything is produced: a throttled request must leave nothing on the topic.
            var throttle = rateLimiter.Acquire(request, producer.Tenant);
            if (throttle.Refused)
            {
                metrics.Throttled(throttle, validation.AcceptedSpans);
                return new ExportOutcome(ExportStatus.Throttled, 0, throttle.Message, throttle.RetryAfter);
            }

            var published = await publisher.PublishAsync(splitter.Split(request), producer.Tenant, cancellationToken).ConfigureAwait(false);
            if (!published.Acknowledged)
            {
                return new ExportOutcome(ExportStatus.Unavailable, 0, published.FailureMessage, _retryAfter);
            }

            metrics.SpansAccepted(validation.AcceptedSpans);
            rootSpans.Count(request);
        }

        return Rejected(validation, new ExportOutcome(ExportStatus.Accepted, validation.RejectedSpans, validation.ErrorMessage, TimeSpan.Zero));
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
