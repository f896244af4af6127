using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Api.Legacy;

/// <summary>The legacy envelope for data and for errors, whose code matches the HTTP status.</summary>
internal static class LegacyResponses
{
    public static IResult Data<T>(IReadOnlyCollection<T> data, int limit = 0) =>
        Results.Json(new JaegerUiResponse(data, data.Count, limit, 0, null));

    public static IResult Error(int status, string message) =>
        Results.Json(new JaegerUiResponse(null, 0, 0, 0, [new JaegerUiError(status, message)]), statusCode: status);
}
