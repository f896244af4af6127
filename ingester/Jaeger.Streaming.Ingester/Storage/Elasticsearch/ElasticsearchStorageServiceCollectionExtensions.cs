using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

public static class ElasticsearchStorageServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Elasticsearch writer as the <see cref="ITraceWriter"/>: connection from <c>Storage:Elasticsearch</c>
    /// (with <c>WriteCredentials</c>), bulk settings from <c>Storage:Elasticsearch:Writer</c>, both validated at start,
    /// and the hosted step that installs the index templates.
    /// </summary>
    public static IServiceCollection AddElasticsearchTraceWriter(this IServiceCollection services)
    {
        services.AddOptions<ElasticsearchOptions>().BindConfiguration(ElasticsearchOptions.SectionName).ValidateOnStart();
        services.AddOptions<ElasticsearchWriterOptions>().BindConfiguration(ElasticsearchWriterOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchOptions>, ElasticsearchWriterOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ElasticsearchWriterOptions>, ElasticsearchWriterOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ElasticsearchOptions>>().Value);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<ElasticsearchWriterOptions>>().Value);
        services.AddSingleton(sp => new ElasticsearchClient(
            sp.GetRequiredService<ElasticsearchOptions>(), ElasticsearchRole.Writer, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<BulkIndexer>();
        services.AddSingleton<ServiceOperationCache>();
        services.TryAddSingleton<IRejectedDocumentSink, LoggedRejections>();
        services.AddSingleton<ElasticsearchTraceWriter>();
        services.AddSingleton<ITraceWriter>(sp => sp.GetRequiredService<ElasticsearchTraceWriter>());
        services.AddSingleton<IndexTemplateInstaller>();
        services.AddHostedService(sp => sp.GetRequiredService<IndexTemplateInstaller>());
        services.AddSingleton<IndexCleaner>();
        return services;
    }
}
