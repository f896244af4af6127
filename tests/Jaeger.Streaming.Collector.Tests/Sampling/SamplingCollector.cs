using System.Globalization;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Jaeger.ApiV2;
using Jaeger.Streaming.Collector.Sampling.Adaptive;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>A <see cref="CollectorHost"/>-built collector with its sampling listener, on the given clock.</summary>
internal sealed class SamplingCollector : IAsyncDisposable
{
    /// <summary>
    /// Strategies the endpoint tests of both transports serve: a probabilistic service with an operation, a
    /// rate-limited one, and a default with an operation of its own.
    /// </summary>
    public const string SampleStrategies = """
        {
          "service_strategies": [
            { "service": "checkout", "type": "probabilistic", "param": 0.8,
              "operation_strategies": [ { "operation": "GET /cart", "type": "probabilistic", "param": 0.25 } ] },
            { "service": "billing", "type": "ratelimiting", "param": 5 }
          ],
          "default_strategy": { "type": "probabilistic", "param": 0.5,
            "operation_strategies": [ { "operation": "/health", "type": "probabilistic", "param": 0.0 } ] }
        }
        """;

    // Nothing the endpoint tests do publishes spans, so no broker needs to answer.
    public const string NoKafka = "127.0.0.1:9";

    private readonly WebApplication _app;
    private string? _strategiesFile;

    private readonly GrpcChannel _samplingGrpc;
    private readonly GrpcChannel _otlpGrpc;

    private SamplingCollector(WebApplication app, (int Grpc, int Http, int Admin) ports, int samplingPort, int samplingGrpcPort)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.Http}") };
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ports.Admin}") };
        Sampling = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{samplingPort}") };
        _samplingGrpc = GrpcChannel.ForAddress($"http://127.0.0.1:{samplingGrpcPort}");
        SamplingGrpc = new SamplingManager.SamplingManagerClient(_samplingGrpc);
        _otlpGrpc = GrpcChannel.ForAddress($"http://127.0.0.1:{ports.Grpc}");
    }

    public HttpClient Http { get; }

    public HttpClient Admin { get; }

    public HttpClient Sampling { get; }

    /// <summary>Jaeger's gRPC sampling API on the sampling gRPC listener.</summary>
    public SamplingManager.SamplingManagerClient SamplingGrpc { get; }

    /// <summary>A channel to the OTLP gRPC listener, to call what must not be served there.</summary>
    public CallInvoker OtlpGrpc => _otlpGrpc.CreateCallInvoker();

    /// <summary>A channel to the sampling gRPC listener, to call what must not be served there.</summary>
    public CallInvoker SamplingGrpcInvoker => _samplingGrpc.CreateCallInvoker();

    public ThroughputLedger Ledger => _app.Services.GetRequiredService<ThroughputLedger>();

    public AdaptiveStrategies Strategies => _app.Services.GetRequiredService<AdaptiveStrategies>();

    public static async Task<SamplingCollector> StartAsync(string bootstrapServers, TimeProvider clock, IDictionary<string, string?> settings, ILoggerProvider? logs = null)
    {
        var samplingPort = FreePort.Next();
        var samplingGrpcPort = FreePort.Next();
        var configuration = new Dictionary<string, string?>(settings)
        {
            ["Collector:Sampling:Port"] = samplingPort.ToString(CultureInfo.InvariantCulture),
            ["Collector:Sampling:GrpcPort"] = samplingGrpcPort.ToString(CultureInfo.InvariantCulture),
        };
        var app = CollectorHost.Build(bootstrapServers, out var ports, configuration, logs, services => services.AddSingleton(clock));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new SamplingCollector(app, ports, samplingPort, samplingGrpcPort);
    }

    /// <summary>Starts a collector serving <paramref name="strategies"/> from a file of its own, deleted on dispose.</summary>
    public static async Task<SamplingCollector> StartWithStrategiesAsync(string strategies)
    {
        var file = Path.Combine(Path.GetTempPath(), $"strategies-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, strategies, TestContext.Current.CancellationToken);
        var collector = await StartAsync(NoKafka, TimeProvider.System, new Dictionary<string, string?> { ["Collector:Sampling:StrategiesFile"] = file });
        collector._strategiesFile = file;
        return collector;
    }

    public async Task PostAsync(ExportTraceServiceRequest request)
    {
        using var content = new ByteArrayContent(request.ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var response = await Http.PostAsync("/v1/traces", content, TestContext.Current.CancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async Task<RemoteStrategy> StrategyAsync(string service) =>
        RemoteStrategy.Parse(await Sampling.GetStringAsync($"/api/sampling?service={Uri.EscapeDataString(service)}", TestContext.Current.CancellationToken));

    public async Task<RemoteStrategy> StrategyOverGrpcAsync(string service) =>
        RemoteStrategy.From(await SamplingGrpc.GetSamplingStrategyAsync(new SamplingStrategyParameters { ServiceName = service }, cancellationToken: TestContext.Current.CancellationToken));

    public async ValueTask DisposeAsync()
    {
        _samplingGrpc.Dispose();
        _otlpGrpc.Dispose();
        Http.Dispose();
        Admin.Dispose();
        Sampling.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        if (_strategiesFile is not null)
        {
            File.Delete(_strategiesFile);
        }
    }
}
