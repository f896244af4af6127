using Jaeger.Streaming.Query.Api.Legacy;
using Jaeger.Streaming.Query.Api.V3;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Api;

/// <summary>An error in the shape of the API the request called, for checks that run in front of both APIs.</summary>
internal static class ApiErrors
{
    public static IResult For(HttpContext context, int status, string message) =>
        context.Request.Path.StartsWithSegments("/api/v3", StringComparison.Ordinal)
            ? V3Errors.Of(status, message)
            : LegacyResponses.Error(status, message);
}
