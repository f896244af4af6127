using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Lucene.Net.Util;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios.Engines;

/// <summary>
/// Lucene.Net holding what the embedded store's SQLite layout holds: one document per span with the payload stored,
/// tenant, trace id, span id, service and name indexed as single terms, the start time as a numeric range field with
/// doc values to sort on, and one term per attribute pair of the span's context (the tokens FTS5 indexes in SQLite).
/// Each batch ends with a commit, which fsyncs the new segment files. Searches are not built: this measures what the
/// writes cost. Fields are reused from span to span, as Lucene's indexing guide advises for speed.
/// </summary>
internal sealed class LuceneEngine : IStoreEngine
{
    private readonly string _directory;
    private readonly FSDirectory _index;
    private readonly IndexWriter _writer;
    private readonly StringField _tenant = new("tenant", "", Field.Store.NO);
    private readonly StringField _traceId = new("trace_id", "", Field.Store.NO);
    private readonly StringField _spanId = new("span_id", "", Field.Store.NO);
    private readonly StringField _service = new("service", "", Field.Store.NO);
    private readonly StringField _name = new("name", "", Field.Store.NO);
    private readonly Int64Field _start = new("start", 0, Field.Store.NO);
    private readonly NumericDocValuesField _startOrder = new("start_order", 0);
    private readonly StoredField _payload = new("payload", Array.Empty<byte>());
    private readonly List<StringField> _pairs = [];

    public LuceneEngine(string directory)
    {
        _directory = directory;
        _index = FSDirectory.Open(directory);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer: null)
        {
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 64,
            UseCompoundFile = false,
        };
        _writer = new IndexWriter(_index, config);
    }

    public string Key => "lucene";

    public string What => "Lucene.Net 4.8, a document per span (payload stored; ids, service, name and one term per attribute pair indexed; start as a numeric field with doc values; a commit per batch)";

    public Task WriteAsync(ExportTraceServiceRequest[] traces, CancellationToken cancellationToken)
    {
        for (var t = 0; t < traces.Length; t++)
        {
            foreach (var span in PreparedSpan.All(TenantName.Default, traces[t].ResourceSpans))
            {
                _writer.AddDocument(Document(span));
            }
        }

        _writer.Commit();
        return Task.CompletedTask;
    }

    private Document Document(PreparedSpan span)
    {
        _tenant.SetStringValue(span.Tenant);
        _traceId.SetStringValue(Convert.ToHexString(span.TraceId));
        _spanId.SetStringValue(((long)span.SpanId).ToString("x16"));
        _service.SetStringValue(span.Service);
        _name.SetStringValue(span.Name);
        _start.SetInt64Value(span.StartNanos);
        _startOrder.SetInt64Value(span.StartNanos);
        _payload.SetBytesValue(span.Payload);
        var document = new Document { _tenant, _traceId, _spanId, _service, _name, _start, _startOrder, _payload };

        var pairs = span.AttributeHashes.Length / 8;
        while (_pairs.Count < pairs)
        {
            _pairs.Add(new StringField("pair", "", Field.Store.NO));
        }

        for (var i = 0; i < pairs; i++)
        {
            _pairs[i].SetStringValue(Convert.ToHexString(span.AttributeHashes, i * 8, 8));
            document.Add(_pairs[i]);
        }

        return document;
    }

    public long BytesOnDisk() => StoreEngines.DirectorySize(_directory);

    public void Dispose()
    {
        _writer.Dispose();
        _index.Dispose();
    }
}
