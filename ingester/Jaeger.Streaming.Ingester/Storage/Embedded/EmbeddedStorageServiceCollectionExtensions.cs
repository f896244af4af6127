using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Storage.Embedded;

public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded store's writer as the <see cref="ITraceWriter"/>, bound from <c>Storage:Embedded</c>.
    /// The data directory and schema are created when the writer is first resolved.
    /// </summary>
    public static IServiceCollection AddEmbeddedTraceWriter(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedStoreOptions>()
            .BindConfiguration(EmbeddedStoreOptions.SectionName)
            .Validate(o => o.IsValid, EmbeddedStoreOptions.EmptyDataDirError)
            .ValidateOnStart();
        services.AddSingleton<ITraceWriter>(sp => new EmbeddedTraceWriter(sp.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value));
        return services;
    }
}
