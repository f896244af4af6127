using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Prometheus;

namespace Jaeger.Streaming.Query.Telemetry;

/// <summary>
/// <c>/metrics</c> in Prometheus text format from the host's registry. A route handler rather than prometheus-net's
/// MapMetrics, so the admin group's port filter applies and the public API port never serves it.
/// </summary>
internal static class MetricsEndpoint
{
    public static void MapQueryMetrics(this IEndpointRouteBuilder routes) =>
        routes.MapGet("/metrics", async (HttpContext context, CollectorRegistry registry) =>
        {
            context.Response.ContentType = PrometheusConstants.TextContentTypeWithVersionAndEncoding;
            await registry.CollectAndExportAsTextAsync(context.Response.Body, context.RequestAborted);
        });
}
