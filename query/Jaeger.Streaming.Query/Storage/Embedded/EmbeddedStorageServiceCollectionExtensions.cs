using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Storage.Embedded;

public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded store's read-only reader as the <see cref="ITraceReader"/>, bound from <c>Storage:Embedded</c>
    /// (its limits from <c>Storage:Embedded:Reader</c>).
    /// The database may not exist yet: searches then find nothing until the ingester has written.
    /// </summary>
    public static IServiceCollection AddEmbeddedTraceReader(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedStoreOptions>()
            .BindConfiguration(EmbeddedStoreOptions.SectionName)
            .Validate(o => o.IsValid, EmbeddedStoreOptions.EmptyDataDirError)
            .ValidateOnStart();
        services.AddOptions<EmbeddedReaderOptions>()
            .BindConfiguration(EmbeddedReaderOptions.SectionName)
            .Validate(o => o.IsDepthValid, EmbeddedReaderOptions.DepthRangeError)
            .Validate(o => o.IsSpansValid, EmbeddedReaderOptions.SpansRangeError)
            .ValidateOnStart();
        services.AddSingleton<ITraceReader>(sp => new EmbeddedTraceReader(
            sp.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value,
            sp.GetRequiredService<IOptions<EmbeddedReaderOptions>>().Value));
        return services;
    }
}
