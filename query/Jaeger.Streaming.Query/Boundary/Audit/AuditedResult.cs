using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Boundary.Audit;

/// <summary>
/// What a handler answered, for the audit line: how many items (services, operations, traces) and how many spans it
/// withheld from the caller. Handlers record it; the audit middleware reads it after the response.
/// </summary>
internal sealed class AuditedResult
{
    public int Count { get; private set; }

    public int WithheldSpans { get; private set; }

    public static void Record(HttpContext context, int count, int withheldSpans = 0) =>
        context.Features.Set(new AuditedResult { Count = count, WithheldSpans = withheldSpans });
}
