using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Storage.Embedded;

public static class EmbeddedStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the embedded store's writer as the <see cref="ITraceWriter"/>, bound from <c>Storage:Embedded</c>,
    /// and the hosted job that enforces <c>Storage:Embedded:Retention</c>.
    /// The data directory and schema are created when the writer is first resolved.
    /// </summary>
    public static IServiceCollection AddEmbeddedTraceWriter(this IServiceCollection services)
    {
        services.AddOptions<EmbeddedStoreOptions>()
            .BindConfiguration(EmbeddedStoreOptions.SectionName)
            .Validate(o => o.IsValid, EmbeddedStoreOptions.EmptyDataDirError)
            .ValidateOnStart();
        services.AddOptions<EmbeddedRetentionOptions>()
            .BindConfiguration(EmbeddedStoreOptions.SectionName)
            .Validate(o => o.IsValid, EmbeddedRetentionOptions.NegativeRetentionError)
            .ValidateOnStart();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new EmbeddedTraceWriter(sp.GetRequiredService<IOptions<EmbeddedStoreOptions>>().Value));
        services.AddSingleton<ITraceWriter>(sp => sp.GetRequiredService<EmbeddedTraceWriter>());
        services.AddHostedService(sp => new EmbeddedRetention(
            sp.GetRequiredService<EmbeddedTraceWriter>(),
            sp.GetRequiredService<IOptions<EmbeddedRetentionOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<EmbeddedRetention>() ?? NullLogger<EmbeddedRetention>.Instance));
        return services;
    }
}
