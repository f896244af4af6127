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
/// The query service on real Kestrel ports, exactly as AddQuery/MapQuery configure it, over the embedded store
/// in a temporary directory. <see cref="SeededTraces"/> are written through the ingester's real embedded writer first.
/// </summary>
public sealed class QueryServer : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("jaeger-query-tests-").FullName;
    private WebApplication? _app;

    public int Port { get; } = FreePort.Next();

    public int AdminPort { get; } = FreePort.Next();

    public HttpClient Api { get; private set; } = null!;

    public HttpClient Admin { get; private set; } = null!;

    public SeededTraces Traces { get; } = new();

    public async ValueTask InitializeAsync()
    {
        await SeedAsync(Traces.All);

        var builder = WebApplication.CreateBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Query:ListenAddress"] = "127.0.0.1",
            ["Query:Port"] = Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Query:AdminPort"] = AdminPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Storage:Embedded:DataDir"] = _dataDir,
        });
        builder.AddQuery();
        _app = builder.Build();
        _app.MapQuery();
        await _app.StartAsync();
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{Port}") };
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{AdminPort}") };
    }

    /// <summary>GETs <paramref name="path"/> and returns the status with the parsed JSON body.</summary>
    public async Task<(System.Net.HttpStatusCode Status, JsonNode Body)> GetJsonAsync(string path)
    {
        using var response = await Api.GetAsync(path, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(text) ?? throw new InvalidOperationException($"{path} answered no JSON"));
    }

    private async Task SeedAsync(IReadOnlyList<ResourceSpans> batch)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Embedded:DataDir"] = _dataDir })
            .Build());
        services.AddEmbeddedTraceWriter();
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<ITraceWriter>().WriteAsync(batch, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        Admin?.Dispose();
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        Directory.Delete(_dataDir, recursive: true);
    }
}
