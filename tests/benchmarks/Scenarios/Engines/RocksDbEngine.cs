using System.Buffers.Binary;
using System.Text;
using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Collector.Trace.V1;
using RocksDbSharp;

namespace Jaeger.Streaming.Benchmarks.Scenarios.Engines;

/// <summary>
/// RocksDB holding what the embedded store's SQLite layout holds, as sorted keys in one column family, each family of
/// keys under its own first byte: the span (tenant, trace id, span id → payload), the start-time index (start, tenant,
/// trace id, span id), the service index (tenant, service, start, trace id, span id) and one key per attribute pair of
/// the span's context (tenant, pair hash, start, trace id, span id), the inverted index FTS5 keeps in SQLite. With
/// <c>postings</c>, the pairs are written as FTS5 writes its tokens instead: one key per distinct pair per batch
/// (tenant, pair hash, batch number) whose value lists the batch's spans that carry it (start, trace id, span id each).
/// Each batch is one write batch with <c>sync</c>, so the write-ahead log is fsynced before the write returns.
/// Searches are not built: this measures what the writes cost.
/// </summary>
internal sealed class RocksDbEngine : IStoreEngine
{
    private const byte SpanKey = (byte)'s', StartKey = (byte)'t', ServiceKey = (byte)'v', PairKey = (byte)'a';

    private readonly string _directory;
    private readonly RocksDb _db;
    private readonly WriteOptions _durable = new WriteOptions().SetSync(true);
    private readonly byte[] _key = new byte[512];
    private readonly bool _postings;
    private readonly Dictionary<ulong, List<byte[]>> _batchPostings = [];
    private long _batchNumber;

    public RocksDbEngine(string directory, bool postings)
    {
        _directory = directory;
        _postings = postings;
        var options = new DbOptions()
            .SetCreateIfMissing(true)
            .IncreaseParallelism(Environment.ProcessorCount)
            .SetCompression(Compression.Lz4);
        _db = RocksDb.Open(options, directory);
    }

    public string Key => _postings ? "rocksdb_postings" : "rocksdb";

    public string What => _postings
        ? "RocksDB, the same rows and indexes as sorted keys, the attribute pairs as one posting list per distinct pair per batch (LZ4; WAL fsynced per batch)"
        : "RocksDB, the same rows and indexes as sorted keys (span, start, service, one key per attribute pair; LZ4; WAL fsynced per batch)";

    public Task WriteAsync(ExportTraceServiceRequest[] traces, CancellationToken cancellationToken)
    {
        using var batch = new WriteBatch();
        for (var t = 0; t < traces.Length; t++)
        {
            foreach (var span in PreparedSpan.All(TenantName.Default, traces[t].ResourceSpans))
            {
                Add(batch, span);
            }
        }

        if (_postings)
        {
            AddPostings(batch);
        }

        _db.Write(batch, _durable);
        return Task.CompletedTask;
    }

    private void Add(WriteBatch batch, PreparedSpan span)
    {
        var tenant = Encoding.UTF8.GetBytes(span.Tenant);
        Span<byte> ids = stackalloc byte[24];
        span.TraceId.CopyTo(ids);
        BinaryPrimitives.WriteInt64BigEndian(ids[16..], (long)span.SpanId);
        Span<byte> start = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(start, span.StartNanos);

        var key = new KeyWriter(_key, SpanKey);
        key.Text(tenant);
        key.Fixed(ids);
        batch.Put(key.Written, span.Payload);

        key = new KeyWriter(_key, StartKey);
        key.Fixed(start);
        key.Text(tenant);
        key.Fixed(ids);
        batch.Put(key.Written, []);

        key = new KeyWriter(_key, ServiceKey);
        key.Text(tenant);
        key.Text(Encoding.UTF8.GetBytes(span.Service));
        key.Fixed(start);
        key.Fixed(ids);
        batch.Put(key.Written, []);

        for (var at = 0; at + 8 <= span.AttributeHashes.Length; at += 8)
        {
            if (_postings)
            {
                var hash = BinaryPrimitives.ReadUInt64BigEndian(span.AttributeHashes.AsSpan(at, 8));
                if (!_batchPostings.TryGetValue(hash, out var refs))
                {
                    _batchPostings[hash] = refs = [];
                }

                var reference = new byte[32];
                start.CopyTo(reference);
                ids.CopyTo(reference.AsSpan(8));
                refs.Add(reference);
                continue;
            }

            key = new KeyWriter(_key, PairKey);
            key.Text(tenant);
            key.Fixed(span.AttributeHashes.AsSpan(at, 8));
            key.Fixed(start);
            key.Fixed(ids);
            batch.Put(key.Written, []);
        }
    }

    private void AddPostings(WriteBatch batch)
    {
        var tenant = Encoding.UTF8.GetBytes(TenantName.Default);
        Span<byte> hash = stackalloc byte[8];
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, ++_batchNumber);
        foreach (var (pair, refs) in _batchPostings)
        {
            BinaryPrimitives.WriteUInt64BigEndian(hash, pair);
            var key = new KeyWriter(_key, PairKey);
            key.Text(tenant);
            key.Fixed(hash);
            key.Fixed(number);
            var value = new byte[refs.Count * 32];
            for (var i = 0; i < refs.Count; i++)
            {
                refs[i].CopyTo(value, i * 32);
            }

            batch.Put(key.Written, value);
        }

        _batchPostings.Clear();
    }

    /// <summary>A key after its family byte: fixed-length parts as they are, text parts ended by a zero byte.</summary>
    private ref struct KeyWriter
    {
        private readonly Span<byte> _buffer;
        private int _length;

        public KeyWriter(Span<byte> buffer, byte family)
        {
            _buffer = buffer;
            _buffer[0] = family;
            _length = 1;
        }

        public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

        public void Fixed(scoped ReadOnlySpan<byte> part)
        {
            part.CopyTo(_buffer[_length..]);
            _length += part.Length;
        }

        public void Text(scoped ReadOnlySpan<byte> part)
        {
            Fixed(part);
            _buffer[_length++] = 0;
        }
    }

    public long BytesOnDisk() => StoreEngines.DirectorySize(_directory);

    public void Dispose() => _db.Dispose();
}
