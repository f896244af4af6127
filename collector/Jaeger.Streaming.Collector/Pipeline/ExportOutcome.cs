using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Pipeline;

internal enum ExportStatus
{
    /// <summary>Every valid span is acknowledged by Kafka; invalid ones, if any, are reported as partial success.</summary>
    Accepted,

    /// <summary>The request had spans and none was valid: 400 / INVALID_ARGUMENT.</summary>
    Invalid,

    /// <summary>A rate limit refused the whole request before anything was published: a retryable 429 / UNAVAILABLE.</summary>
    Throttled,

    /// <summary>Kafka did not take the spans (full queue, outage, timeout): a retryable 503 / UNAVAILABLE.</summary>
    Unavailable,
}

/// <summary>What a receiver tells its client, whichever protocol it speaks.</summary>
internal readonly record struct ExportOutcome(ExportStatus Status, long RejectedSpans, string Message, TimeSpan RetryAfter)
{
    /// <summary>The OTLP response for an accepted request: partial success only when spans were rejected, as the spec asks.</summary>
    public ExportTraceServiceResponse ToResponse() => RejectedSpans == 0
        ? new ExportTraceServiceResponse()
        : new ExportTraceServiceResponse { PartialSuccess = new ExportTracePartialSuccess { RejectedSpans = RejectedSpans, ErrorMessage = Message } };
}
