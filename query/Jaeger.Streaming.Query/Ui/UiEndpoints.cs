using Jaeger.Streaming.Query.Boundary.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Net.Http.Headers;

namespace Jaeger.Streaming.Query.Ui;

/// <summary>
/// Serves the built-in UI on the query port: the page at <c>/</c> and at every deep-link route, and its scripts and
/// styles under <c>/static/{version}/</c>. Nothing is fetched from elsewhere: the policy below forbids it.
/// </summary>
internal static class UiEndpoints
{
    /// <summary>Routes whose URL the UI reproduces on load, so a copied address opens the same view.</summary>
    private static readonly string[] PageRoutes = ["/", "/search", "/trace/{traceId}", "/trace-file", "/compare", "/dependencies", BrowserLogin.CallbackPath];

    // The page may load and call only its own origin, and may not be framed (clickjacking).
    private const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
        + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    public static void MapUi(this IEndpointRouteBuilder routes)
    {
        foreach (var route in PageRoutes)
        {
            // The page is public so that the browser can load it before the user enters a token; the APIs it calls are not.
            routes.MapGet(route, (HttpContext context, UiAssets assets) => Page(context, assets)).AllowAnonymous();
        }

        BrowserLogin.Map(routes);

        routes.MapGet("/static/{version}/{name}", (string version, string name, HttpContext context, UiAssets assets) =>
        {
            if (version != assets.Version)
            {
                return Results.NotFound($"UI asset version '{version}' is not this server's ({assets.Version}); reload the page");
            }

            return assets.Find(name) is { } asset
                ? Serve(context, asset, "public, max-age=31536000, immutable")
                : Results.NotFound($"no UI asset named '{name}'");
        }).AllowAnonymous();
    }

    private static IResult Page(HttpContext context, UiAssets assets)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";

        // Revalidated on every load, so a deployment's new asset version is picked up immediately.
        return Serve(context, assets.Index, "no-cache");
    }

    private static IResult Serve(HttpContext context, UiAsset asset, string cacheControl)
    {
        var headers = context.Response.Headers;
        headers.CacheControl = cacheControl;
        headers.ETag = asset.ETag;
        headers.XContentTypeOptions = "nosniff";
        if (EntityTagHeaderValue.TryParseList(context.Request.Headers.IfNoneMatch, out var tags)
            && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag == asset.ETag))
        {
            return Results.StatusCode(StatusCodes.Status304NotModified);
        }

        return Results.Bytes(asset.Content, asset.ContentType);
    }
}
