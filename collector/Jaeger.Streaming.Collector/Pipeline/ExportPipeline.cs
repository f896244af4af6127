using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Collector.Boundary.RateLimiting;
using Jaeger.Streaming.Collector.Publishing;
using Jaeger.Streaming.Collector.Splitting;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Pipeline;

/// <summary>
/// The one place the collector's steps are wired, shared by the gRPC and HTTP receivers:
/// validate (schema limits, and the credential's services) → rate limits → split by trace → publish to Kafka.
/// Authentication happens before, in the receivers' middleware, and arrives here as the <see cref="Producer"/>.
/// </summary>
internal sealed class ExportPipeline(
    SpanValidator validator,
    SpanRateLimiter rateLimiter,
    TraceSplitter splitter,
    KafkaSpanPublisher publisher,
    IOptions<KafkaPublisherOptions> publisherOptions)
{
    private readonly TimeSpan _retryAfter = TimeSpan.FromSeconds(publisherOptions.Value.RetryAfterSeconds);

    public Task<ExportOutcome> ExportAsync(ExportTraceServiceRequest request, CancellationToken cancellationToken) =>
        ExportAsync(request, Producer.Anonymous, cancellationToken);

    public async Task<ExportOutcome> ExportAsync(ExportTraceServiceRequest request, Producer producer, CancellationToken cancellationToken)
    {
        var validation = validator.Validate(request, producer.AllowedServices);
        if (validation.WhollyInvalid)
        {
            return new ExportOutcome(ExportStatus.Invalid, validation.RejectedSpans, validation.ErrorMessage, TimeSpan.Zero);
        }

        if (validation.AcceptedSpans > 0)
        {
            // Before anything is produced: a throttled request must leave nothing on the topic.
            var throttle = rateLimiter.Acquire(request, producer.Tenant);
            if (throttle.Refused)
            {
                return new ExportOutcome(ExportStatus.Throttled, 0, throttle.Message, throttle.RetryAfter);
            }

            var published = await publisher.PublishAsync(splitter.Split(request), producer.Tenant, cancellationToken).ConfigureAwait(false);
            if (!published.Acknowledged)
            {
                return new ExportOutcome(ExportStatus.Unavailable, 0, published.FailureMessage, _retryAfter);
            }
        }

        return new ExportOutcome(ExportStatus.Accepted, validation.RejectedSpans, validation.ErrorMessage, TimeSpan.Zero);
    }
}
