using System.Net;
using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Query.Tests.Http;

/// <summary>Query:BasePath: the UI and APIs under it on the API port (a proxy forwarding /jaeger unstripped), the admin port as it was.</summary>
public sealed partial class BasePathTests
{
    private static Task<QueryHost> StartAsync(string basePath = "/jaeger") =>
        QueryHost.StartAsync(new Dictionary<string, string?> { ["Query:Authentication:Mode"] = "none", ["Query:BasePath"] = basePath });

    [Theory]
    [InlineData("/jaeger")]
    [InlineData("/jaeger/")]
    public async Task The_apis_and_the_page_answer_under_the_base_path_and_the_page_loads_its_assets_from_under_it(string basePath)
    {
        await using var host = await StartAsync(basePath);

        var (v3, _, v3Response) = await host.GetAsync("/jaeger/api/v3/services");
        var (legacy, _, legacyResponse) = await host.GetAsync("/jaeger/api/services");
        var (page, html, pageResponse) = await host.GetAsync("/jaeger/trace/0123456789abcdef0123456789abcdef");
        var script = ScriptSource().Match(html).Groups[1].Value;
        var (asset, _, assetResponse) = await host.GetAsync(script);
        v3Response.Dispose();
        legacyResponse.Dispose();
        pageResponse.Dispose();
        assetResponse.Dispose();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK), (v3, legacy, page));
        Assert.Contains("data-base-path=\"/jaeger\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/jaeger/search\"", html, StringComparison.Ordinal);
        Assert.StartsWith("/jaeger/static/", script, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, asset);
    }

    [Theory]
    [InlineData("/api/v3/services")]
    [InlineData("/search")]
    [InlineData("/")]
    [InlineData("/jaegerx/api/services")]
    [InlineData("/JAEGER/api/services")]
    public async Task Nothing_answers_outside_the_base_path_and_the_404_names_it(string path)
    {
        await using var host = await StartAsync();

        var (status, body, response) = await host.GetAsync(path);
        response.Dispose();

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("under /jaeger (Query:BasePath)", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_base_path_itself_redirects_to_the_page_under_it_keeping_the_query()
    {
        await using var host = await StartAsync();

        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = host.Api.BaseAddress };

        using var response = await browser.GetAsync("/jaeger?x=1", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.Redirect, "/jaeger/?x=1"), (response.StatusCode, response.Headers.Location?.OriginalString));
    }

    [Fact]
    public async Task The_admin_port_keeps_its_paths_and_api_calls_under_the_base_path_are_audited()
    {
        await using var host = await StartAsync();

        using var live = await host.Admin.GetAsync("/health/live", TestContext.Current.CancellationToken);
        using var underBase = await host.Admin.GetAsync("/jaeger/health/live", TestContext.Current.CancellationToken);
        var (_, _, api) = await host.GetAsync("/jaeger/api/v3/services");
        api.Dispose();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (live.StatusCode, underBase.StatusCode));
        Assert.Contains("/api/v3/services", await File.ReadAllTextAsync(host.AuditPath, TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [GeneratedRegex("<script type=\"module\" src=\"([^\"]+)\"")]
    private static partial Regex ScriptSource();
}
