using System.Buffers;
using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The Elasticsearch writer, registered as the ingester registers it, for the work it does before a cluster is
/// involved: preparing each record's span documents, and writing them into <c>_bulk</c> bodies as its write groups
/// them (<see cref="ElasticsearchWriterOptions.MaxBulkDocuments"/> and <see cref="ElasticsearchWriterOptions.MaxBulkBytes"/>).
/// Nothing here connects.
/// </summary>
internal sealed class ElasticsearchDocuments : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ElasticsearchTraceWriter _writer;
    private readonly ElasticsearchWriterOptions _options;
    private readonly List<BulkItem> _pending = [];
    private readonly ArrayBufferWriter<byte> _body = new();

    private ElasticsearchDocuments(ServiceProvider services)
    {
        _services = services;
        _writer = services.GetRequiredService<ElasticsearchTraceWriter>();
        _options = services.GetRequiredService<ElasticsearchWriterOptions>();
    }

    public static ElasticsearchDocuments Start() => new(new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Elasticsearch:Servers:0"] = "https://127.0.0.1:9200",
            ["Storage:Elasticsearch:WriteCredentials:AllowAnonymous"] = "true",
        }).Build())
        .AddLogging()
        .AddElasticsearchTraceWriter()
        .BuildServiceProvider());

    /// <summary>Prepares the record's documents; once a request's worth is pending, writes them into their body.</summary>
    public int Prepare(string tenant, IReadOnlyList<ResourceSpans> spans)
    {
        _pending.AddRange(((ElasticsearchPreparedSpans)_writer.Prepare(tenant, spans)).Spans);
        if (_pending.Count < _options.MaxBulkDocuments)
        {
            return 0;
        }

        var written = 0;
        foreach (var chunk in BulkRequestBody.Chunk(_pending, _options.MaxBulkBytes, _options.MaxBulkDocuments))
        {
            written += BulkRequestBody.Build(chunk, _body).Length;
        }

        _pending.Clear();
        return written;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
