using Jaeger.Streaming.Query.Traces;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Api.V3;

/// <summary>
/// One trace of <c>GET /api/v3/trace-summaries</c>, which answers <c>{"summaries":[TraceSummary...]}</c> in the order
/// of <c>/api/v3/traces</c> (newest first), and an empty list when nothing matches: a listing, unlike a trace, has nothing to be absent.
/// </summary>
/// <param name="TraceId">32 lowercase hex characters.</param>
/// <param name="RootServiceName">The service of the root span: the earliest span whose parent is not in the trace.</param>
/// <param name="RootSpanName">The name of that span.</param>
/// <param name="StartTime">The earliest span start, as a proto3 JSON timestamp (RFC 3339, UTC, 0/3/6/9 fractional digits).</param>
/// <param name="Duration">From the earliest start to the latest end, as a proto3 JSON duration such as <c>0.001500s</c>.</param>
/// <param name="SpanCount">Spans in the trace.</param>
/// <param name="ErrorCount">Spans whose status code is ERROR.</param>
/// <param name="Services">The distinct service names of the trace's spans, sorted.</param>
internal sealed record TraceSummary(
    string TraceId,
    string RootServiceName,
    string RootSpanName,
    string StartTime,
    string Duration,
    int SpanCount,
    int ErrorCount,
    IReadOnlyList<string> Services)
{
    public static TraceSummary Of(TracesData trace)
    {
        var spanIds = new HashSet<Google.Protobuf.ByteString>();
        foreach (var resourceSpans in trace.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    spanIds.Add(span.SpanId);
                }
            }
        }

        var services = new SortedSet<string>(StringComparer.Ordinal);
        (Span Span, string Service)? root = null;
        (Span Span, string Service)? earliest = null;
        var start = ulong.MaxValue;
        var end = ulong.MinValue;
        var errors = 0;
        var count = 0;
        var traceId = "";
        foreach (var resourceSpans in trace.ResourceSpans)
        {
            var service = ServiceName.Of(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    count++;
                    services.Add(service);
                    traceId = Convert.ToHexStringLower(span.TraceId.Span);
                    start = Math.Min(start, span.StartTimeUnixNano);
                    end = Math.Max(end, span.EndTimeUnixNano);
                    if (span.Status?.Code == Status.Types.StatusCode.Error)
                    {
                        errors++;
                    }

                    if (earliest is null || span.StartTimeUnixNano < earliest.Value.Span.StartTimeUnixNano)
                    {
                        earliest = (span, service);
                    }

                    var isRoot = span.ParentSpanId.IsEmpty || !spanIds.Contains(span.ParentSpanId);
                    if (isRoot && (root is null || span.StartTimeUnixNano < root.Value.Span.StartTimeUnixNano))
                    {
                        root = (span, service);
                    }
                }
            }
        }

        // Only a parent cycle leaves no root; the earliest span then stands in.
        var top = root ?? earliest;
        return new TraceSummary(
            traceId,
            top?.Service ?? "",
            top?.Span.Name ?? "",
            ProtoJsonTime.Timestamp(count == 0 ? 0 : start),
            ProtoJsonTime.Duration(end > start ? end - start : 0),
            count,
            errors,
            [.. services]);
    }
}
