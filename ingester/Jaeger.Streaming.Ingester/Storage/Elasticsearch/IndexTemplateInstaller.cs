using System.Text.Json;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>
/// At ingester start, installs the span and service index templates for the cluster's engine and, in rollover mode,
/// creates the first index behind each write alias. Skipped, with a warning, when the credential lacks the right
/// (403), so a least-privilege writer still starts against a cluster prepared by an administrator.
/// </summary>
internal sealed partial class IndexTemplateInstaller(
    ElasticsearchClient client,
    ElasticsearchOptions connection,
    ElasticsearchWriterOptions options,
    ILogger<IndexTemplateInstaller> logger) : IHostedService, IDisposable
{
    private readonly SemaphoreSlim _once = new(1, 1);
    private volatile bool _done;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in ElasticsearchOptionsValidator.Warnings(connection, ElasticsearchRole.Writer))
        {
            InsecureSetting(logger, warning);
        }

        try
        {
            await EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (ElasticsearchException e) when (e.IsTransient)
        {
            // An unreachable cluster must not stop the ingester: the first write installs them, and Kafka keeps the spans meanwhile.
            Unreachable(logger, e.Message);
        }
    }

    /// <summary>
    /// Installs the templates once. Every write awaits this first, so no index is created before its template exists
    /// (it would get dynamic mappings, without nested tags); a transient failure fails the write, which is retried.
    /// </summary>
    public async Task EnsureInstalledAsync(CancellationToken cancellationToken)
    {
        if (_done || !options.InstallTemplates)
        {
            return;
        }

        await _once.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_done)
            {
                var engine = options.Engine ?? await DetectAsync(cancellationToken).ConfigureAwait(false);

                // One template pair per configured prefix; with tenant indices its patterns also cover every tenant's indices.
                await InstallAsync(engine, JaegerIndexNames.For(connection, null), cancellationToken).ConfigureAwait(false);
                _done = true;
            }
        }
        finally
        {
            _once.Release();
        }
    }

    public void Dispose() => _once.Dispose();

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Installs the templates (and initial rollover indices) for <paramref name="names"/>; false when not permitted (403, logged).</summary>
    public async Task<bool> InstallAsync(ElasticsearchEngine engine, JaegerIndexNames names, CancellationToken cancellationToken)
    {
        var settings = new IndexTemplateSettings(options.Shards, options.Replicas, options.LifecyclePolicy, connection.TenantIndices);
        foreach (var (path, body) in JaegerIndexTemplates.For(engine, names, settings))
        {
            var response = await client.PutJsonAsync(path, JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken).ConfigureAwait(false);
            if (response.StatusCode == 403)
            {
                NotPermitted(logger, path);
                return false;
            }

            response.EnsureSuccess($"Installing index template {path}");
        }

        if (connection.UseAliases)
        {
            foreach (var kind in (string[])[JaegerIndexNames.Span, JaegerIndexNames.Service])
            {
                await CreateFirstRolloverIndexAsync(names.Prefix + kind, cancellationToken).ConfigureAwait(false);
            }
        }

        return true;
    }

    private async Task CreateFirstRolloverIndexAsync(string name, CancellationToken cancellationToken)
    {
        var exists = await client.SendAsync(HttpMethod.Head, $"_alias/{name}-write", null, ElasticsearchClient.JsonContentType, cancellationToken).ConfigureAwait(false);
        if (exists.IsSuccess)
        {
            return;
        }

        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, object>
        {
            ["aliases"] = new Dictionary<string, object>
            {
                [$"{name}-write"] = new Dictionary<string, object> { ["is_write_index"] = true },
                [$"{name}-read"] = new Dictionary<string, object>(),
            },
        });
        var created = await client.PutJsonAsync($"{name}-000001", body, cancellationToken).ConfigureAwait(false);
        if (created.StatusCode == 400 && created.Body.AsSpan().IndexOf("resource_already_exists_exception"u8) >= 0)
        {
            return;
        }

        created.EnsureSuccess("Creating the first rollover index", $"{name}-000001");
    }

    private async Task<ElasticsearchEngine> DetectAsync(CancellationToken cancellationToken)
    {
        var root = (await client.GetAsync("", cancellationToken).ConfigureAwait(false)).EnsureSuccess("Reading the cluster's version (GET /)");
        using var json = root.Json();
        return ElasticsearchEngines.Detect(json.RootElement);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Warning}")]
    private static partial void InsecureSetting(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Elasticsearch index templates not installed at start, the cluster did not answer; the first write installs them: {Reason}")]
    private static partial void Unreachable(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Not installing Elasticsearch index templates: the writer's credential may not ({Path} answered 403). Install them as an administrator (docs/elasticsearch.md), or set Storage:Elasticsearch:Writer:InstallTemplates=false.")]
    private static partial void NotPermitted(ILogger logger, string path);
}
