using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jaeger.Streaming.Query.Telemetry;

/// <summary>Counts and times every API request by route template, and counts the ones refused at the B4 gate.</summary>
internal sealed class RequestMetricsMiddleware(RequestDelegate next, QueryMetrics metrics, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        var status = StatusCodes.Status500InternalServerError;
        try
        {
            await next(context);
            status = context.Response.StatusCode;
        }
        finally
        {
            // The template, not the path: paths carry trace ids and service names, which would make labels unbounded.
            var route = (context.GetEndpoint() as RouteEndpoint)?.RoutePattern.RawText ?? "unmatched";
            metrics.Requests.WithLabels(route, status.ToString(CultureInfo.InvariantCulture)).Inc();
            metrics.Duration.WithLabels(route).Observe(time.GetElapsedTime(started).TotalSeconds);
            if (status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden)
            {
                metrics.Denied.WithLabels(route, status == StatusCodes.Status401Unauthorized ? "unauthenticated" : "forbidden").Inc();
            }
        }
    }
}
