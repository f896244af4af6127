using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query;

/// <summary>
/// Serves the query port under <c>Query:BasePath</c> (Jaeger's <c>--query.base-path</c>), for a reverse proxy that
/// forwards a prefix such as <c>/jaeger</c> without stripping it: the UI, the APIs and the login answer under it, and
/// nothing answers outside it, so a proxy rule that lost the prefix shows at once. The admin port keeps its paths:
/// probes and scrapers address it directly, not through the proxy.
/// </summary>
internal static class BasePath
{
    public static void UseBasePath(this WebApplication app, QueryOptions options)
    {
        if (options.BasePath.Length == 0)
        {
            return;
        }

        var basePath = new PathString(options.BasePath);
        app.Use((context, next) =>
        {
            if (context.Connection.LocalPort == options.AdminPort)
            {
                return next(context);
            }

            var request = context.Request;
            if (!request.Path.StartsWithSegments(basePath, StringComparison.Ordinal, out var rest))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return context.Response.WriteAsync($"Not found: this query service serves its UI and APIs under {basePath} (Query:BasePath).", context.RequestAborted);
            }

            if (!rest.HasValue)
            {
                // The page is the base path's root route, /jaeger/, as the proxy's own links to it usually are.
                context.Response.Redirect(basePath + "/" + request.QueryString);
                return Task.CompletedTask;
            }

            request.PathBase = request.PathBase.Add(basePath);
            request.Path = rest;
            return next(context);
        });

        // Routing would otherwise run first, on the path with the prefix still in it; the boundary's middleware after
        // this sees the path without it too.
        app.UseRouting();
    }
}
