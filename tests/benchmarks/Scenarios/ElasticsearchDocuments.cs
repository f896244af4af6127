using System.Buffers;
using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The Elasticsearch writer, registered as the ingester registers it, for the work it does before a cluster is
/// involved: preparing each record's span documents, and writing them into <c>_bulk</c> bodies as its write groups
/// them (<see cref="ElasticsearchWriterOptions.MaxBulkDocuments"/> and <see cref="ElasticsearchWriterOptions.MaxBulkBytes"/>),
/// gzipped when <see cref="ElasticsearchWriterOptions.Compression"/> says so.
/// Nothing here connects.
/// </summary>
internal sealed class ElasticsearchDocuments : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly ElasticsearchTraceWriter _writer;
    private readonly ElasticsearchWriterOptions _options;
    private readonly List<BulkItem> _pending = [];
    private readonly ArrayBufferWriter<byte> _body = new();
    private readonly MemoryStream _gzipped = new();

    private ElasticsearchDocuments(ServiceProvider services)
    {
        _services = services;
        _writer = services.GetRequiredService<ElasticsearchTraceWriter>();
        _options = services.GetRequiredService<ElasticsearchWriterOptions>();
    }

    public static ElasticsearchDocuments Start(BulkCompression compression = BulkCompression.None) => new(new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Storage:Elasticsearch:Servers:0"] = "https://127.0.0.1:9200",
            ["Storage:Elasticsearch:WriteCredentials:AllowAnonymous"] = "true",
            ["Storage:Elasticsearch:Writer:Compression"] = compression.ToString(),
        }).Build())
        .AddLogging()
        .AddElasticsearchTraceWriter()
        .BuildServiceProvider());

    /// <summary>Bytes of the bodies written so far, as they would travel, per span document in them.</summary>
    public double BodyBytesPerDocument => _documents == 0 ? double.NaN : (double)_bodyBytes / _documents;

    private long _bodyBytes;
    private long _documents;

    /// <summary>Prepares the record's documents; once a request's worth is pending, writes them into their body.</summary>
    public int Prepare(string tenant, IReadOnlyList<ResourceSpans> spans)
    {
        _pending.AddRange(((ElasticsearchPreparedSpans)_writer.Prepare(tenant, spans)).Spans);
        if (_pending.Count < _options.MaxBulkDocuments)
        {
            return 0;
        }

        _documents += _pending.Count;
        var written = 0;
        foreach (var chunk in BulkRequestBody.Chunk(_pending, _options.MaxBulkBytes, _options.MaxBulkDocuments))
        {
            var body = BulkRequestBody.Build(chunk, _body);
            written += _options.Compression == BulkCompression.Gzip ? BulkRequestBody.Gzip(body, _gzipped).Length : body.Length;
        }

        _pending.Clear();
        _bodyBytes += written;
        return written;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}
