using System.Net;
using Jaeger.Streaming.Testing;
using Microsoft.Playwright;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>
/// The all-in-one with one web origin allowed to post spans from the browser (Collector:Cors): the query service's own,
/// as 127.0.0.1. Its pages are on loopback like the collector: from a public address Chromium's local network checks
/// would refuse a call to a loopback one before CORS is asked, whatever the collector answers.
/// </summary>
public sealed class BrowserExportFixture : UiFixture
{
    public string AllowedOrigin => $"http://127.0.0.1:{QueryPort}";

    /// <summary>The same server by another name: another origin to the browser.</summary>
    public string OtherOrigin => $"http://localhost:{QueryPort}";

    protected override IEnumerable<string> CollectorArguments() => [$"--Collector:Cors:AllowedOrigins:0={AllowedOrigin}"];
}

/// <summary>
/// What the OpenTelemetry JS web SDK's exporter does: a page posts OTLP/JSON to the collector on another origin, and
/// Chromium itself enforces CORS (its preflight for a JSON body, then the post), so this is the browser's verdict.
/// </summary>
public sealed class BrowserExportTests(BrowserExportFixture ui) : IClassFixture<BrowserExportFixture>
{
    // What the pages logged, to say why a fetch failed: Chromium gives the reason only there.
    private readonly List<string> _console = [];

    [Fact]
    public async Task A_page_of_the_allowed_origin_exports_spans_and_another_sites_page_is_refused_by_the_browser()
    {
        var stored = Otlp.NewTraceId();
        var refused = Otlp.NewTraceId();

        var fromShop = await ExportFromPageAsync(ui.AllowedOrigin, stored);
        var fromElsewhere = await ExportFromPageAsync(ui.OtherOrigin, refused);

        Assert.True(fromShop == "200", $"{fromShop}: {string.Join(" | ", _console)}");
        Assert.StartsWith("TypeError", fromElsewhere, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await WaitForTraceAsync(stored));
        using var missing = await ui.Http.GetAsync($"/api/v3/traces/{refused}", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    /// <summary>Opens a page of <paramref name="origin"/> and has it fetch() one span to the collector: the status, or the error thrown.</summary>
    private async Task<string> ExportFromPageAsync(string origin, TraceIdBytes traceId)
    {
        await using var browser = await ui.OpenAsync();
        var page = browser.Page;
        page.Console += (_, message) => _console.Add(message.Text);
        // A document of that origin without the UI's content security policy, which would forbid calling another origin.
        await page.GotoAsync($"{origin}/api/v3/services");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1_000_000;
        var body = $$$"""
            {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"web-shop"}}]},
             "scopeSpans":[{"spans":[{"traceId":"{{{traceId}}}","spanId":"0102030405060708","name":"click checkout",
             "startTimeUnixNano":"{{{now - 5_000_000}}}","endTimeUnixNano":"{{{now}}}"}]}]}]}
            """;
        return await page.EvaluateAsync<string>(
            "async ([url, body]) => { try { const r = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body }); return String(r.status); } catch (e) { return String(e); } }",
            new object[] { $"http://127.0.0.1:{ui.OtlpPort}/v1/traces", body });
    }

    private async Task<HttpStatusCode> WaitForTraceAsync(TraceIdBytes traceId)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await ui.Http.GetAsync($"/api/v3/traces/{traceId}", TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }
}
