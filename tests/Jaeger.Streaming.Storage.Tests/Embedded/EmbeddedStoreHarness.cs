using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Storage.Tests.Conformance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Storage.Tests.Embedded;

/// <summary>
/// The embedded store in a temporary data directory, its halves resolved through the same DI extensions the
/// ingester and query hosts use, each from its own container as in production.
/// </summary>
internal sealed class EmbeddedStoreHarness : TraceStoreHarness
{
    private ServiceProvider _ingester;
    private ServiceProvider _query;

    public EmbeddedStoreHarness()
    {
        DataDir = Path.Combine(Path.GetTempPath(), "jaeger-embedded-" + Guid.NewGuid().ToString("N"));
        (_ingester, _query) = Open();
    }

    public string DataDir { get; }

    public override ITraceWriter Writer => _ingester.GetRequiredService<ITraceWriter>();

    public override ITraceReader Reader => _query.GetRequiredService<ITraceReader>();

    public override async Task RestartAsync()
    {
        await _ingester.DisposeAsync();
        await _query.DisposeAsync();
        (_ingester, _query) = Open();
    }

    public override async ValueTask DisposeAsync()
    {
        await _ingester.DisposeAsync();
        await _query.DisposeAsync();
        if (Directory.Exists(DataDir))
        {
            Directory.Delete(DataDir, recursive: true);
        }
    }

    /// <param name="settings">More configuration, over the data dir (for example the reader's limits).</param>
    public static ServiceProvider Container(string dataDir, Action<IServiceCollection> addStorage, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Embedded:DataDir"] = dataDir })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build());
        addStorage(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    private (ServiceProvider Ingester, ServiceProvider Query) Open() =>
        (Container(DataDir, s => s.AddEmbeddedTraceWriter()), Container(DataDir, s => s.AddEmbeddedTraceReader()));
}
