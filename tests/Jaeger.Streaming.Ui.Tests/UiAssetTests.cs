using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>How the query service serves the UI's files: over HTTP, no browser needed.</summary>
public sealed partial class UiAssetTests(UiFixture ui)
{
    private CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/search?service=cart")]
    [InlineData("/dependencies")]
    [InlineData("/trace-file")]
    [InlineData("/login-callback?code=c&state=s")]
    [InlineData("/compare?a=4bf92f3577b34da6a3ce929d0e0e4736&b=5b8efff798038103d269b633813fc60c")]
    [InlineData("/trace/4bf92f3577b34da6a3ce929d0e0e4736")]
    public async Task Every_page_route_answers_the_page_revalidated_on_each_load_under_a_strict_policy(string path)
    {
        using var response = await ui.Http.GetAsync(path, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, "the page must be revalidated so a new version is picked up");
        var policy = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("default-src 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("connect-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
    }

    [Fact]
    public async Task Page_loads_only_versioned_assets_of_its_own_origin()
    {
        var html = await ui.Http.GetStringAsync("/", Ct);

        var references = AssetReference().Matches(html).Select(m => m.Groups["url"].Value).ToList();
        Assert.Equal(3, references.Count(r => r.StartsWith("/static/", StringComparison.Ordinal)));
        Assert.All(references, r => Assert.Matches("^/(static/[0-9a-f]{16}/[a-z-]+\\.(js|css|svg)|search|compare|dependencies)?$|^#main$", r));
        Assert.DoesNotContain("__UI_VERSION__", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Versioned_asset_is_cached_immutably_and_revalidates_with_304()
    {
        var script = await ScriptUrlAsync();
        using var first = await ui.Http.GetAsync(script, Ct);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        Assert.Equal(TimeSpan.FromDays(365), first.Headers.CacheControl?.MaxAge);
        Assert.True(first.Headers.CacheControl?.Public);
        Assert.Contains("immutable", first.Headers.CacheControl!.Extensions.Select(e => e.Name));
        var etag = first.Headers.ETag ?? throw new InvalidOperationException("no ETag");
        Assert.Contains("import", await first.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Get, script);
        request.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"something-else\""));
        request.Headers.IfNoneMatch.Add(etag);
        using var again = await ui.Http.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.NotModified, again.StatusCode);
        Assert.Empty(await again.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("app.js", "0000000000000000")]
    [InlineData("no-such-file.js", null)]
    [InlineData("..%2Fappsettings.json", null)]
    public async Task Asset_of_another_version_or_unknown_name_is_not_found(string name, string? version)
    {
        version ??= VersionOf(await ScriptUrlAsync());

        using var response = await ui.Http.GetAsync($"/static/{version}/{name}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Api_routes_are_not_shadowed_by_the_ui()
    {
        using var response = await ui.Http.GetAsync("/api/v3/services", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task<string> ScriptUrlAsync()
    {
        var html = await ui.Http.GetStringAsync("/", Ct);
        return AssetReference().Matches(html).Select(m => m.Groups["url"].Value).Single(url => url.EndsWith("/app.js", StringComparison.Ordinal));
    }

    private static string VersionOf(string url) => url.Split('/')[2];

    [GeneratedRegex(@"(?:src|href)=""(?<url>[^""]*)""")]
    private static partial Regex AssetReference();
}
