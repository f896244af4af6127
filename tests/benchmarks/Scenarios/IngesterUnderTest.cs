using Jaeger.Streaming.Ingester;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The ingester alone, built as its own host builds it, on the given topic and a temporary data dir. Its writer is
/// wrapped to count what it wrote; <c>nullWriter</c> drops the spans instead of storing them.
/// </summary>
internal sealed class IngesterUnderTest : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly string _dataDir;

    private IngesterUnderTest(WebApplication app, string dataDir, CountingTraceWriter writer)
    {
        _app = app;
        _dataDir = dataDir;
        Writer = writer;
    }

    public CountingTraceWriter Writer { get; }

    /// <summary>The embedded store's directory, removed when this is disposed.</summary>
    public string DataDir => _dataDir;

    /// <summary>What the ingester is waiting for before it stores spans (its partitions, at first); null when ready.</summary>
    public string? NotReadyReason => _app.NotReadyReason();

    /// <param name="settings">More settings, over the ones here (for example <c>Ingester:FetchWaitMax</c>).</param>
    public static async Task<IngesterUnderTest> StartAsync(
        string bootstrapServers, string topic, string group, bool nullWriter, CancellationToken cancellationToken, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var dataDir = Directory.CreateTempSubdirectory("jaeger-bench-").FullName;
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = ["--Ingester:ListenAddress=127.0.0.1", $"--Ingester:AdminPort={FreePort.Next()}"] });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = bootstrapServers,
            ["Kafka:Topic"] = topic,
            ["Kafka:Security:AllowPlaintext"] = "true",
            ["Ingester:ConsumerGroup"] = group,
            ["Storage:Embedded:DataDir"] = dataDir,
            ["Logging:LogLevel:Default"] = "Warning",
        });
        builder.Configuration.AddInMemoryCollection(settings ?? new Dictionary<string, string?>());
        builder.AddIngester();
        WrapWriter(builder.Services, nullWriter);
        var app = builder.Build();
        app.MapIngester();
        await app.StartAsync(cancellationToken);
        return new IngesterUnderTest(app, dataDir, (CountingTraceWriter)app.Services.GetRequiredService<ITraceWriter>());
    }

    /// <summary>Wraps whatever writer the ingester registered, however it registered it, so the count is of real writes.</summary>
    private static void WrapWriter(IServiceCollection services, bool nullWriter)
    {
        var original = services.Last(descriptor => descriptor.ServiceType == typeof(ITraceWriter));
        services.Remove(original);
        services.AddSingleton<ITraceWriter>(sp => new CountingTraceWriter(nullWriter ? null : Create(original, sp)));
    }

    private static ITraceWriter Create(ServiceDescriptor descriptor, IServiceProvider services) =>
        (ITraceWriter)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        Directory.Delete(_dataDir, recursive: true);
    }
}
