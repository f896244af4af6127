using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Jaeger.Streaming.Query.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

/// <summary>The DI extensions the hosts use: settings are validated when the backend is resolved, naming the key.</summary>
public sealed class ElasticsearchStartupBehaviour
{
    private static readonly Dictionary<string, string?> Valid = new()
    {
        ["Storage:Elasticsearch:Servers:0"] = "https://es-1:9200",
        ["Storage:Elasticsearch:WriteCredentials:Username"] = "jaeger-ingester",
        ["Storage:Elasticsearch:WriteCredentials:Password"] = "w",
        ["Storage:Elasticsearch:ReadCredentials:Username"] = "jaeger-query",
        ["Storage:Elasticsearch:ReadCredentials:Password"] = "r",
    };

    [Fact]
    public void Both_halves_resolve_from_valid_settings()
    {
        using var ingester = Container(Valid, s => s.AddElasticsearchTraceWriter());
        using var query = Container(Valid, s => s.AddElasticsearchTraceReader());

        Assert.IsType<ElasticsearchTraceWriter>(ingester.GetRequiredService<ITraceWriter>());
        Assert.IsType<ElasticsearchTraceReader>(query.GetRequiredService<ITraceReader>());
    }

    [Fact]
    public void The_query_service_refuses_to_start_with_the_writers_credential()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["Storage:Elasticsearch:ReadCredentials:Username"] = "jaeger-ingester" };
        using var query = Container(settings, s => s.AddElasticsearchTraceReader());

        var error = Assert.Throws<OptionsValidationException>(() => query.GetRequiredService<ITraceReader>());

        Assert.Contains("Storage:Elasticsearch:ReadCredentials is the same as Storage:Elasticsearch:WriteCredentials", error.Message);
    }

    [Fact]
    public void A_bad_bulk_bound_stops_the_ingester_naming_the_key()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["Storage:Elasticsearch:Writer:MaxBulkDocuments"] = "0" };
        using var ingester = Container(settings, s => s.AddElasticsearchTraceWriter());

        var error = Assert.Throws<OptionsValidationException>(() => ingester.GetRequiredService<ITraceWriter>());

        Assert.Contains("Storage:Elasticsearch:Writer:MaxBulkDocuments 0 must be at least 1", error.Message);
    }

    [Theory]
    [InlineData(null, BulkCompression.None)]
    [InlineData("gzip", BulkCompression.Gzip)]
    [InlineData("Gzip", BulkCompression.Gzip)]
    [InlineData("none", BulkCompression.None)]
    public void Bulk_compression_is_off_unless_chosen(string? setting, BulkCompression expected)
    {
        var settings = new Dictionary<string, string?>(Valid) { ["Storage:Elasticsearch:Writer:Compression"] = setting };
        using var ingester = Container(settings, s => s.AddElasticsearchTraceWriter());

        Assert.Equal(expected, ingester.GetRequiredService<ElasticsearchWriterOptions>().Compression);
    }

    [Fact]
    public void An_unknown_bulk_compression_stops_the_ingester_naming_the_key()
    {
        var settings = new Dictionary<string, string?>(Valid) { ["Storage:Elasticsearch:Writer:Compression"] = "brotli" };
        using var ingester = Container(settings, s => s.AddElasticsearchTraceWriter());

        var error = Assert.Throws<InvalidOperationException>(() => ingester.GetRequiredService<ITraceWriter>());

        Assert.Contains("Storage:Elasticsearch:Writer:Compression", error.Message);
    }

    private static ServiceProvider Container(Dictionary<string, string?> settings, Action<IServiceCollection> addStorage)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        addStorage(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
