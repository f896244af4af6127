namespace Jaeger.Streaming.Collector.Boundary.Limits;

/// <summary>
/// What validation left of a request: the spans kept, the spans dropped, and why (the message for OTLP partial
/// success; <see cref="Rejections"/>, null when none, for the count of each reason).
/// </summary>
internal readonly record struct SpanValidation(int AcceptedSpans, int RejectedSpans, string ErrorMessage, SpanRejections? Rejections)
{
    /// <summary>The request had spans and none of them was valid: the whole request is invalid.</summary>
    public bool WhollyInvalid => AcceptedSpans == 0 && RejectedSpans > 0;
}
