namespace Jaeger.Streaming.Collector.Boundary.Limits;

/// <summary>Why a span was rejected. The order is the order reasons appear in the partial-success message.</summary>
internal enum SpanDefect
{
    None,
    ZeroTraceId,
    TraceIdLength,
    ZeroSpanId,
    SpanIdLength,
    EndBeforeStart,
    NameTooLong,
    TooOld,
    InFuture,
    TooManyAttributes,
    TooManyEvents,
    TooManyLinks,
    TooManyEventAttributes,
    TooManyLinkAttributes,
    KeyTooLong,
    TooManyResourceAttributes,
    TooManyScopeAttributes,
    BeyondRequestLimit,
    ServiceNotAllowed,
}
