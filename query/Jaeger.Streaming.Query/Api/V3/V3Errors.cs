using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Api.V3;

/// <summary>
/// API v3 errors in the grpc-gateway shape Jaeger's HTTP gateway answers with:
/// <c>{"error":{"httpCode":404,"message":"..."}}</c>.
/// </summary>
internal static class V3Errors
{
    public static IResult Of(int status, string message) =>
        Results.Json(new { error = new { httpCode = status, message } }, statusCode: status);

    public static IResult NotFound(string message) => Of(StatusCodes.Status404NotFound, message);
}
