using System.Globalization;
using Google.Protobuf;
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
    private readonly WebApplication _app;

    private SamplingCollector(WebApplication app, int httpPort, int adminPort, int samplingPort)
    {
        _app = app;
        Http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{httpPort}") };
        Admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{adminPort}") };
        Sampling = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{samplingPort}") };
    }

    public HttpClient Http { get; }

    public HttpClient Admin { get; }

    public HttpClient Sampling { get; }

    public ThroughputLedger Ledger => _app.Services.GetRequiredService<ThroughputLedger>();

    public AdaptiveStrategies Strategies => _app.Services.GetRequiredService<AdaptiveStrategies>();

    public static async Task<SamplingCollector> StartAsync(string bootstrapServers, TimeProvider clock, IDictionary<string, string?> settings, ILoggerProvider? logs = null)
    {
        var samplingPort = FreePort.Next();
        var configuration = new Dictionary<string, string?>(settings) { ["Collector:Sampling:Port"] = samplingPort.ToString(CultureInfo.InvariantCulture) };
        var app = CollectorHost.Build(bootstrapServers, out var ports, configuration, logs, services => services.AddSingleton(clock));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new SamplingCollector(app, ports.Http, ports.Admin, samplingPort);
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

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        Admin.Dispose();
        Sampling.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
