using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Testing;
using Microsoft.Playwright;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>
/// The all-in-one on loopback ports with <see cref="SampleTraces"/> sent through OTLP/HTTP and stored, and Debian's
/// Chromium driven by Playwright. No browser is ever downloaded: without <see cref="ChromiumPath"/> the browser
/// tests skip with the reason.
/// </summary>
public class UiFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
        ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];

    private readonly string _dataDir = Directory.CreateTempSubdirectory("jaeger-ui-").FullName;
    private IPlaywright? _playwright;
    private IBrowser? _browser;
    private AllInOneHost? _host;

    public SampleTraces Traces { get; } = new(DateTimeOffset.UtcNow);

    public int QueryPort { get; } = FreePort.Next();

    /// <summary>The collector's OTLP/HTTP port.</summary>
    public int OtlpPort { get; } = FreePort.Next();

    public string BaseUrl => $"http://127.0.0.1:{QueryPort}";

    /// <summary>The query service's Query:BasePath, when a fixture serves it under one; paths on <see cref="BaseUrl"/> start with it.</summary>
    public virtual string BasePath => "";

    public HttpClient Http { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        string[] args =
        [
            "--Collector:ListenAddress=127.0.0.1", $"--Collector:GrpcPort={FreePort.Next()}", $"--Collector:HttpPort={OtlpPort}", $"--Collector:AdminPort={FreePort.Next()}", $"--Collector:Sampling:Port={FreePort.Next()}", $"--Collector:Sampling:GrpcPort={FreePort.Next()}",
            "--Ingester:ListenAddress=127.0.0.1", $"--Ingester:AdminPort={FreePort.Next()}",
            "--Query:ListenAddress=127.0.0.1", $"--Query:Port={QueryPort}", $"--Query:AdminPort={FreePort.Next()}", $"--Query:BasePath={BasePath}",
            .. QueryArguments(_dataDir),
            .. CollectorArguments(),
        ];
        _host = await AllInOneHost.StartAsync(args, _dataDir, CancellationToken.None);
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        Authorize(Http);

        foreach (var request in Traces.Requests)
        {
            using var content = new ByteArrayContent(request.ToByteArray());
            content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
            using var response = await Http.PostAsync(new Uri($"http://127.0.0.1:{OtlpPort}/v1/traces"), content);
            response.EnsureSuccessStatusCode();
        }

        foreach (var (trace, spans) in Traces.Expected)
        {
            await WaitForStoredAsync(trace, spans);
        }

        if (File.Exists(ChromiumPath))
        {
            // The machines these run on are small and shared: give the UI time, never a speed bound.
            Assertions.SetDefaultExpectTimeout(20_000);
            _playwright = await Playwright.CreateAsync();
            _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ChromiumArgs,
            });
        }
    }

    /// <summary>More query settings, on top of the all-in-one's open local API.</summary>
    protected virtual IEnumerable<string> QueryArguments(string dataDir) => [];

    /// <summary>More collector settings.</summary>
    protected virtual IEnumerable<string> CollectorArguments() => [];

    /// <summary>What the fixture's own API calls (seeding, waiting for storage) send to be let in.</summary>
    protected virtual void Authorize(HttpClient http)
    {
    }

    /// <summary>
    /// A fresh browser context and page, at <paramref name="path"/> when one is given;
    /// <see cref="Assert.Skip(string)"/> when Chromium is not installed.
    /// </summary>
    public async Task<BrowserPage> OpenAsync(string? path = null, int width = 1280, int height = 800)
    {
        if (_browser is null)
        {
            var reason = $"Chromium is not installed at {ChromiumPath}; install it with 'apt-get install -y chromium' to run the browser tests.";
            Console.WriteLine($"SKIP: {reason}");
            Assert.Skip(reason);
        }

        var context = await _browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = BaseUrl,
            ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        context.SetDefaultTimeout(30_000);
        var page = new BrowserPage(context, await context.NewPageAsync());
        if (path is not null)
        {
            await page.GotoAsync(path);
        }

        return page;
    }

    /// <summary>
    /// Where the tests save screenshots: artifacts/screenshots, for CI to keep. With UPDATE_SCREENSHOTS=1 they go to
    /// docs/screenshots, the copies the README shows, so an ordinary run leaves the committed files alone.
    /// </summary>
    public static string ScreenshotPath(string name)
    {
        var folder = Environment.GetEnvironmentVariable("UPDATE_SCREENSHOTS") == "1"
            ? Path.Combine(Repository.Root(), "docs", "screenshots")
            : Path.Combine(Repository.Root(), "artifacts", "screenshots");
        Directory.CreateDirectory(folder);
        return Path.Combine(folder, name);
    }

    private async Task WaitForStoredAsync(TraceIdBytes trace, int spans)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        var seen = 0;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Http.GetAsync($"{BasePath}/api/v3/traces/{trace}");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
                seen = body["result"]!["resourceSpans"]!.AsArray()
                    .SelectMany(r => r!["scopeSpans"]!.AsArray())
                    .Sum(s => s!["spans"]!.AsArray().Count);
                if (seen >= spans)
                {
                    return;
                }
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"Trace {trace} did not reach {spans} stored spans within 2 minutes (saw {seen}).");
    }

    public async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
        Http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Directory.Delete(_dataDir, recursive: true);
    }
}
