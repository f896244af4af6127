using Jaeger.Streaming.Collector.Publishing;
using Jaeger.Streaming.Collector.Splitting;
using Jaeger.Streaming.Collector.Validation;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Pipeline;

/// <summary>
/// The one place the collector's steps are wired, shared by the gRPC and HTTP receivers:
/// validate → split by trace → publish to Kafka. Boundary controls (auth, rate limits) go in front of validation.
/// </summary>
internal sealed class ExportPipeline(SpanValidator validator, TraceSplitter splitter, KafkaSpanPublisher publisher, IOptions<KafkaPublisherOptions> publisherOptions)
{
    private readonly TimeSpan _retryAfter = TimeSpan.FromSeconds(publisherOptions.Value.RetryAfterSeconds);

    public async Task<ExportOutcome> ExportAsync(ExportTraceServiceRequest request, CancellationToken cancellationToken)
    {
        var validation = validator.Validate(request);
        if (validation.WhollyInvalid)
        {
            return new ExportOutcome(ExportStatus.Invalid, validation.RejectedSpans, validation.ErrorMessage, TimeSpan.Zero);
        }

        if (validation.AcceptedSpans > 0)
        {
            var published = await publisher.PublishAsync(splitter.Split(request), cancellationToken).ConfigureAwait(false);
            if (!published.Acknowledged)
            {
                return new ExportOutcome(ExportStatus.Unavailable, 0, published.FailureMessage, _retryAfter);
            }
        }

        return new ExportOutcome(ExportStatus.Accepted, validation.RejectedSpans, validation.ErrorMessage, TimeSpan.Zero);
    }
}
