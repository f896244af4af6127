using Jaeger.Streaming.Collector.Boundary.Authentication;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Collector.Boundary;

/// <summary>
/// Whether an export may go on: its producer with the tenant settled, or the HTTP status (401, 403, or 503 with a
/// retry delay when credentials cannot be checked now) and message to refuse it with. The receivers map the status to
/// their protocol.
/// </summary>
internal readonly record struct Admission(Producer? Producer, int StatusCode, string Message, TimeSpan RetryAfter = default)
{
    public static Admission Admitted(Producer producer) => new(producer, StatusCodes.Status200OK, "");

    public static Admission Unauthenticated(string message) => new(null, StatusCodes.Status401Unauthorized, message);

    public static Admission Forbidden(string message) => new(null, StatusCodes.Status403Forbidden, message);

    public static Admission Unavailable(string message, TimeSpan retryAfter) => new(null, StatusCodes.Status503ServiceUnavailable, message, retryAfter);
}
