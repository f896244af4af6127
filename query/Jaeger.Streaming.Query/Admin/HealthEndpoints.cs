using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jaeger.Streaming.Query.Admin;

/// <summary>Liveness and readiness for orchestrators, on the admin port only.</summary>
internal static class HealthEndpoints
{
    public static void MapHealth(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/health/live", () => Results.Text("live"));

        // Ready as soon as the host runs: the reader opens the store at start-up, so a started host can serve.
        routes.MapGet("/health/ready", () => Results.Text("ready"));
    }
}
