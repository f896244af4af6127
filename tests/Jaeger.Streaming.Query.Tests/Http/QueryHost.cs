using System.Globalization;
using System.Text.Json.Nodes;
using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Tests.Http;

/// <summary>
/// A query service on real Kestrel ports, built exactly as AddQuery/MapQuery build it, over an embedded store in a
/// temporary directory that the ingester's real writer fills first, tenant by tenant. Settings override the test
/// defaults (loopback, free ports, audit log in the data directory).
/// </summary>
public sealed class QueryHost : IAsyncDisposable
{
    private readonly string _dataDir;
    private readonly WebApplication _app;

    private QueryHost(string dataDir, WebApplication app, int port, int adminPort, string scheme, HttpMessageHandler? handler)
    {
        _dataDir = dataDir;
        _app = app;
        Port = port;
        Api = handler is null ? new HttpClient() : new HttpClient(handler);
        Api.BaseAddress = new Uri($"{scheme}://127.0.0.1:{port}");
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}") };
    }

    public int Port { get; }

    public HttpClient Api { get; }

    public HttpClient Admin { get; }

    public string AuditPath => Path.Combine(_dataDir, "audit", "query-audit.jsonl");

    /// <summary>The embedded store's data dir, seeded before the start.</summary>
    public string DataDir => _dataDir;

    /// <summary>Writes <paramref name="data"/> (tenant → spans), then starts the service with <paramref name="settings"/>.</summary>
    public static async Task<QueryHost> StartAsync(
        IReadOnlyDictionary<string, string?> settings,
        IReadOnlyDictionary<string, IReadOnlyList<ResourceSpans>>? data = null,
        string scheme = "http",
        HttpMessageHandler? handler = null,
        Action<WebApplicationBuilder>? configure = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("jaeger-query-tests-").FullName;
        // A start that fails anywhere, validation included, leaves nothing behind.
        WebApplication? app = null;
        try
        {
            await SeedAsync(dataDir, data ?? new Dictionary<string, IReadOnlyList<ResourceSpans>>());
            var (port, adminPort) = (FreePort.Next(), FreePort.Next());
            var builder = WebApplication.CreateBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Query:ListenAddress"] = "127.0.0.1",
                ["Query:Port"] = port.ToString(CultureInfo.InvariantCulture),
                ["Query:AdminPort"] = adminPort.ToString(CultureInfo.InvariantCulture),
                ["Query:Audit:Path"] = Path.Combine(dataDir, "audit", "query-audit.jsonl"),
                ["Storage:Embedded:DataDir"] = dataDir,
            });
            builder.Configuration.AddInMemoryCollection(settings);
            configure?.Invoke(builder);
            builder.AddQuery();
            app = builder.Build();
            app.MapQuery();
            await app.StartAsync();
            return new QueryHost(dataDir, app, port, adminPort, scheme, handler);
        }
        catch
        {
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            Directory.Delete(dataDir, recursive: true);
            throw;
        }
    }

    /// <summary>GETs <paramref name="path"/> with an optional bearer token and returns the status and the raw body.</summary>
    public async Task<(System.Net.HttpStatusCode Status, string Body, HttpResponseMessage Response)> GetAsync(string path, string? token = null, IReadOnlyDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (token is not null)
        {
            request.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        var response = await Api.SendAsync(request, TestContext.Current.CancellationToken);
        var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, body, response);
    }

    /// <summary>The audit lines written so far, parsed.</summary>
    public IReadOnlyList<JsonObject> AuditLines()
    {
        if (!File.Exists(AuditPath))
        {
            return [];
        }

        using var stream = new FileStream(AuditPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        var lines = new List<JsonObject>();
        while (reader.ReadLine() is { } line)
        {
            lines.Add(JsonNode.Parse(line)!.AsObject());
        }

        return lines;
    }

    public T Service<T>()
        where T : notnull => _app.Services.GetRequiredService<T>();

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        Admin.Dispose();
        await _app.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }

    private static async Task SeedAsync(string dataDir, IReadOnlyDictionary<string, IReadOnlyList<ResourceSpans>> data)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Embedded:DataDir"] = dataDir })
            .Build());
        services.AddEmbeddedTraceWriter();
        await using var provider = services.BuildServiceProvider();
        // Resolving the writer creates the store, which the read-only reader needs to exist even when empty.
        var writer = provider.GetRequiredService<ITraceWriter>();
        foreach (var (tenant, batch) in data)
        {
            await writer.WriteAsync(tenant, batch, CancellationToken.None);
        }
    }
}
