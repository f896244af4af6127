using Jaeger.Streaming.Query.Boundary.Audit;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Api;

/// <summary>
/// Records what a handler answers, for the audit log, and marks answers from which the caller's scope withheld spans:
/// the <c>X-Withheld-Spans</c> header (the total), plus a field or warning each API defines.
/// </summary>
internal static class Answered
{
    public const string WithheldHeader = "X-Withheld-Spans";

    /// <summary>Records <paramref name="count"/> listed items (services, operations, dependency links).</summary>
    public static void Items(HttpContext context, int count) => AuditedResult.Record(context, count);

    /// <summary>Records the traces answered and returns how many spans the scope withheld from them.</summary>
    public static int Traces(HttpContext context, IReadOnlyCollection<ScopedTrace> traces)
    {
        var withheld = traces.Sum(t => t.WithheldSpans);
        if (withheld > 0)
        {
            context.Response.Headers[WithheldHeader] = withheld.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        AuditedResult.Record(context, traces.Count, withheld);
        return withheld;
    }

    /// <summary>The Jaeger UI trace warning for a partial trace, which the UI shows above the trace.</summary>
    public static IReadOnlyList<string>? Warnings(ScopedTrace trace) =>
        trace.IsPartial ? [$"{trace.WithheldSpans} span(s) of this trace are withheld: their services are not permitted to you"] : null;
}
