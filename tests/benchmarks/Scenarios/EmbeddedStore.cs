using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// One half of the embedded store on a data dir, registered as its service registers it (the ingester's
/// <c>AddEmbeddedTraceWriter</c> or the query service's <c>AddEmbeddedTraceReader</c>), without the rest of that service.
/// </summary>
internal static class EmbeddedStore
{
    public static ServiceProvider Services(string dataDir, Func<IServiceCollection, IServiceCollection> add)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Embedded:DataDir"] = dataDir })
            .Build());
        add(services);
        return services.BuildServiceProvider();
    }
}
