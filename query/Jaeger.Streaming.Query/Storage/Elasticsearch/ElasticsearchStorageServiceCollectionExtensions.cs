using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Storage.Elasticsearch;

public static class ElasticsearchStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Elasticsearch reader as the <see cref="ITraceReader"/>: connection from <c>Storage:Elasticsearch</c>
    /// authenticated with <c>Storage:Elasticsearch:ReadCredentials</c> (never the writer's), read settings from
    /// <c>Storage:Elasticsearch:Reader</c>, both validated at start.
    /// </summary>
    public static IServiceCollection AddElasticsearchTraceReader(this IServiceCollection services)
    {
        services.AddOptions<ElasticsearchOptions>().BindConfiguration(ElasticsearchOptions.SectionName).ValidateOnStart();
        services.AddOptions<ElasticsearchReaderOptions>().BindConfiguration(ElasticsearchReaderOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchOptions>, ElasticsearchReaderOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchReaderOptions>, ElasticsearchReaderOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new ElasticsearchClient(
            sp.GetRequiredService<IOptions<ElasticsearchOptions>>().Value, ElasticsearchRole.Reader, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ITraceReader>(sp => new ElasticsearchTraceReader(
            sp.GetRequiredService<ElasticsearchClient>(),
            sp.GetRequiredService<IOptions<ElasticsearchOptions>>().Value,
            sp.GetRequiredService<IOptions<ElasticsearchReaderOptions>>().Value));
        services.AddHostedService<ElasticsearchReaderWarnings>();
        return services;
    }
}
