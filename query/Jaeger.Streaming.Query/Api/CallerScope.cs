using Jaeger.Streaming.Schemas.Storage;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Api;

/// <summary>
/// The <see cref="ReadScope"/> of the request's caller, which every storage read takes. The access filter in front of
/// every API endpoint sets it from the caller's credential (<see cref="ReadScope.Default"/> when authentication is
/// <c>none</c>). A handler reached without it is a wiring bug, and fails closed rather than reading everything.
/// </summary>
internal static class CallerScope
{
    public static ReadScope Of(HttpContext context) =>
        context.Features.Get<ReadScope>() ?? throw new InvalidOperationException("No read scope on the request: API endpoints must be mapped behind the access filter (RequireCallerScope).");
}
