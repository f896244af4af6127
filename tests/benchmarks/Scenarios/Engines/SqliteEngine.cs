using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios.Engines;

/// <summary>The embedded store as it ships: SQLite, its layout and its writer (docs/storage-engine.md).</summary>
internal sealed class SqliteEngine(string directory) : IStoreEngine
{
    private readonly EmbeddedTraceWriter _writer = new(new EmbeddedStoreOptions { DataDir = directory });

    public string Key => "sqlite";

    public string What => "SQLite, the embedded store as it ships (spans rows, 3 indexes, FTS5 pair tokens; WAL, synchronous=FULL)";

    public Task WriteAsync(ExportTraceServiceRequest[] traces, CancellationToken cancellationToken)
    {
        var prepared = new PreparedSpans[traces.Length];
        for (var i = 0; i < traces.Length; i++)
        {
            prepared[i] = _writer.Prepare(TenantName.Default, traces[i].ResourceSpans);
        }

        return _writer.WriteAsync(prepared, cancellationToken);
    }

    public long BytesOnDisk() => StoreEngines.DirectorySize(directory);

    public void Dispose() => _writer.Dispose();
}
