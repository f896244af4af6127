using System.Net;
using System.Text.Json.Nodes;
using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.EndToEnd.Tests;

/// <summary>The all-in-one on loopback ports and a temporary data dir, shared by the tests of one class.</summary>
public sealed class PipelineFixture : IAsyncLifetime
{
    private readonly string _dataDir = Directory.CreateTempSubdirectory("jaeger-e2e-").FullName;

    public AllInOneHost Host { get; private set; } = null!;

    public int GrpcPort { get; } = FreePort.Next();

    public int HttpPort { get; } = FreePort.Next();

    public int QueryPort { get; } = FreePort.Next();

    public HttpClient Query { get; private set; } = null!;

    public HttpClient Otlp { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    public Uri OtlpHttpTraces => new($"http://127.0.0.1:{HttpPort}/v1/traces");

    public Uri OtlpGrpc => new($"http://127.0.0.1:{GrpcPort}");

    public async ValueTask InitializeAsync()
    {
        string[] args =
        [
            "--Collector:ListenAddress=127.0.0.1", $"--Collector:GrpcPort={GrpcPort}", $"--Collector:HttpPort={HttpPort}", $"--Collector:AdminPort={FreePort.Next()}",
            $"--Collector:Sampling:Port={FreePort.Next()}", $"--Collector:Sampling:GrpcPort={FreePort.Next()}",
            "--Ingester:ListenAddress=127.0.0.1", $"--Ingester:AdminPort={FreePort.Next()}",
            "--Query:ListenAddress=127.0.0.1", $"--Query:Port={QueryPort}", $"--Query:AdminPort={FreePort.Next()}",
        ];
        Host = await AllInOneHost.StartAsync(args, _dataDir, CancellationToken.None);
        Query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{QueryPort}") };
    }

    /// <summary>Polls API v3 until the trace holds <paramref name="spanCount"/> spans, and returns its OTLP/JSON.</summary>
    public async Task<JsonNode> WaitForTraceAsync(string traceId, int spanCount)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var seen = 0;
        while (DateTime.UtcNow < deadline)
        {
            using var response = await Query.GetAsync($"/api/v3/traces/{traceId}", TestContext.Current.CancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var body = JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!;
                seen = OtlpSpans.All(body["result"]!).Count;
                if (seen >= spanCount)
                {
                    return body;
                }
            }

            await Task.Delay(200, TestContext.Current.CancellationToken);
        }

        throw new TimeoutException($"Trace {traceId} did not reach {spanCount} stored spans within 60 s (saw {seen}).");
    }

    public async ValueTask DisposeAsync()
    {
        Query?.Dispose();
        Otlp.Dispose();
        if (Host is not null)
        {
            await Host.DisposeAsync();
        }

        Directory.Delete(_dataDir, recursive: true);
    }
}
