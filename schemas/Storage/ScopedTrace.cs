using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// A trace as a <see cref="ReadScope"/> sees it: the permitted spans, grouped by resource and scope, and how many of
/// the trace's spans (of the same tenant) were withheld because their service is not permitted.
/// </summary>
/// <param name="Trace">The permitted spans; never empty (a trace with no permitted span is not returned at all).</param>
/// <param name="WithheldSpans">Spans of the trace in the scope's tenant that the scope does not permit; 0 when the trace is whole.</param>
public sealed record ScopedTrace(TracesData Trace, int WithheldSpans)
{
    /// <summary>True when some spans of the trace were left out.</summary>
    public bool IsPartial => WithheldSpans > 0;
}
