using System.Net;
using Jaeger.Streaming.Query.Boundary.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Query.Boundary.Audit;

/// <summary>
/// Writes one audit line for every API call once it is answered, whether it was served, denied or failed. The
/// request id is also returned as <c>X-Request-Id</c>, so a user's report can be matched to its line.
/// </summary>
internal sealed partial class AuditMiddleware(RequestDelegate next, AuditLog log, TimeProvider time, ILogger<AuditMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetUtcNow();
        context.Response.Headers["X-Request-Id"] = context.TraceIdentifier;
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            try
            {
                await log.WriteAsync(Describe(context, started, status));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ObjectDisposedException)
            {
                LogAuditFailed(logger, context.TraceIdentifier, e.Message);
            }
        }
    }

    private static AuditRecord Describe(HttpContext context, DateTimeOffset started, int status)
    {
        var decision = context.Features.Get<AccessDecision>();
        var result = context.Features.Get<AuditedResult>();
        var requested = RequestedData.Of(context);
        var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? context.Request.Path.Value ?? "";
        var outcome = status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden ? "denied" : "allowed";
        return new AuditRecord(
            started,
            context.TraceIdentifier,
            decision?.Credential?.Subject,
            decision?.Tenant,
            decision?.Credential?.Roles ?? [],
            context.Request.Method,
            route,
            new AuditParameters(requested.Service, requested.Operation, requested.TraceIds, requested.AttributeKeys),
            status,
            outcome,
            decision?.Refusal,
            result?.Count,
            result?.WithheldSpans ?? 0,
            ClientAddress(context.Connection.RemoteIpAddress));
    }

    /// <summary>On a dual-stack listener an IPv4 client arrives as <c>::ffff:a.b.c.d</c>; the line names it as it is known, <c>a.b.c.d</c>.</summary>
    private static string? ClientAddress(IPAddress? address) =>
        (address is { IsIPv4MappedToIPv6: true } ? address.MapToIPv4() : address)?.ToString();

    [LoggerMessage(EventId = 45, Level = LogLevel.Error, Message = "Audit line for request {RequestId} could not be written: {Reason}")]
    private static partial void LogAuditFailed(ILogger logger, string requestId, string reason);
}
