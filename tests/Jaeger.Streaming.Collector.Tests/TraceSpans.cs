using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>Reading spans back out of OTLP requests.</summary>
internal static class TraceSpans
{
    public static List<Span> AllSpans(this ExportTraceServiceRequest request)
    {
        var spans = new List<Span>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                spans.AddRange(scopeSpans.Spans);
            }
        }

        return spans;
    }

    public static List<Span> AllSpans(this IEnumerable<ExportTraceServiceRequest> requests)
    {
        var spans = new List<Span>();
        foreach (var request in requests)
        {
            spans.AddRange(request.AllSpans());
        }

        return spans;
    }
}
