namespace Jaeger.Streaming.Collector.Boundary.Limits;

/// <summary>What validation left of a request: the spans kept, the spans dropped, and why (for OTLP partial success).</summary>
internal readonly record struct SpanValidation(int AcceptedSpans, int RejectedSpans, string ErrorMessage)
{
    /// <summary>The request had spans and none of them was valid: the whole request is invalid.</summary>
    public bool WhollyInvalid => AcceptedSpans == 0 && RejectedSpans > 0;
}
