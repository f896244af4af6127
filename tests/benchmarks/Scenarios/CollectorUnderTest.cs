using Jaeger.Streaming.Collector;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>The collector alone, built as its own host builds it, on loopback ports and the given Kafka.</summary>
internal sealed class CollectorUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;

    private CollectorUnderTest(WebApplication app, int httpPort, int grpcPort)
    {
        _app = app;
        HttpTraces = new Uri($"http://127.0.0.1:{httpPort}/v1/traces");
        Grpc = new Uri($"http://127.0.0.1:{grpcPort}");
    }

    public Uri HttpTraces { get; }

    public Uri Grpc { get; }

    /// <param name="settings">More of the collector's command line, for example a rate limit (<c>--Collector:RateLimits:Global:SpansPerSecond=2000</c>).</param>
    public static async Task<CollectorUnderTest> StartAsync(string bootstrapServers, CancellationToken cancellationToken, params IEnumerable<string> settings)
    {
        int httpPort = FreePort.Next(), grpcPort = FreePort.Next();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args =
            [
                "--Collector:ListenAddress=127.0.0.1", $"--Collector:HttpPort={httpPort}", $"--Collector:GrpcPort={grpcPort}",
                $"--Collector:AdminPort={FreePort.Next()}", $"--Collector:Sampling:Port={FreePort.Next()}", $"--Collector:Sampling:GrpcPort={FreePort.Next()}",
                .. settings,
            ],
        });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:Security:AllowPlaintext"] = "true",

            // Logging per request would measure the console, not the collector.
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.AddCollector();
        var app = builder.Build();
        app.MapCollector();
        await app.StartAsync(cancellationToken);
        return new CollectorUnderTest(app, httpPort, grpcPort);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
