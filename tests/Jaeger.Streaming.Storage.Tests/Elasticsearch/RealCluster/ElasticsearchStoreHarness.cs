using System.Text.Json;
using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Jaeger.Streaming.Query.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Storage.Tests.Conformance;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.RealCluster;

/// <summary>
/// The Elasticsearch backend over a real cluster, isolated by an index prefix of its own, its halves resolved through
/// the DI extensions the ingester and query hosts use, each from its own container and credential.
/// </summary>
internal sealed class ElasticsearchStoreHarness : TraceStoreHarness
{
    private readonly Dictionary<string, string?> _settings;
    private ServiceProvider _ingester;
    private ServiceProvider _query;

    private ElasticsearchStoreHarness(Dictionary<string, string?> settings)
    {
        _settings = settings;
        (_ingester, _query) = Open();
    }

    public string Prefix => _settings["Storage:Elasticsearch:IndexPrefix"]!;

    public override ITraceWriter Writer => _ingester.GetRequiredService<ITraceWriter>();

    public override ITraceReader Reader => _query.GetRequiredService<ITraceReader>();

    public IServiceProvider Ingester => _ingester;

    public IServiceProvider Query => _query;

    /// <summary>A fresh store: a new prefix, its templates installed. <paramref name="configure"/> adds settings (aliases, tenant indices).</summary>
    public static async Task<ElasticsearchStoreHarness> OpenAsync(ElasticsearchTarget target, Action<Dictionary<string, string?>>? configure = null)
    {
        var settings = new Dictionary<string, string?>(target.Settings)
        {
            ["Storage:Elasticsearch:IndexPrefix"] = "test" + Guid.NewGuid().ToString("N")[..10],
            ["Storage:Elasticsearch:Writer:Replicas"] = "0",
        };
        configure?.Invoke(settings);
        var harness = new ElasticsearchStoreHarness(settings);
        await harness._ingester.GetRequiredService<IndexTemplateInstaller>().StartAsync(TestContext.Current.CancellationToken);
        return harness;
    }

    public override async Task MakeWritesVisibleAsync()
    {
        var client = _ingester.GetRequiredService<ElasticsearchClient>();
        (await client.PostJsonAsync($"{Prefix}-*/_refresh?ignore_unavailable=true&allow_no_indices=true", [], CancellationToken.None)).EnsureSuccess("Refreshing", Prefix);
    }

    public override async Task RestartAsync()
    {
        await _ingester.DisposeAsync();
        await _query.DisposeAsync();
        (_ingester, _query) = Open();
    }

    public override async ValueTask DisposeAsync()
    {
        // Elasticsearch 8 refuses wildcard deletes by default (action.destructive_requires_name), so name each index.
        var client = _ingester.GetRequiredService<ElasticsearchClient>();
        var listed = await client.GetAsync($"_cat/indices/{Prefix}-*?format=json&h=index", CancellationToken.None);
        if (listed.IsSuccess)
        {
            using var json = listed.Json();
            foreach (var entry in json.RootElement.EnumerateArray())
            {
                await client.SendAsync(HttpMethod.Delete, entry.GetProperty("index").GetString()!, null, ElasticsearchClient.JsonContentType, CancellationToken.None);
            }
        }

        foreach (var kind in (string[])[JaegerIndexNames.Span, JaegerIndexNames.Service])
        {
            await client.SendAsync(HttpMethod.Delete, $"_index_template/{Prefix}-{kind}", null, ElasticsearchClient.JsonContentType, CancellationToken.None);
            await client.SendAsync(HttpMethod.Delete, $"_template/{Prefix}-{kind}", null, ElasticsearchClient.JsonContentType, CancellationToken.None);
        }

        await _ingester.DisposeAsync();
        await _query.DisposeAsync();
    }

    private (ServiceProvider Ingester, ServiceProvider Query) Open() =>
        (Container(s => s.AddElasticsearchTraceWriter()), Container(s => s.AddElasticsearchTraceReader()));

    private ServiceProvider Container(Action<IServiceCollection> addStorage)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(_settings).Build());
        addStorage(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
