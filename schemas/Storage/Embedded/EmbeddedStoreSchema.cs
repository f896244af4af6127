namespace Jaeger.Streaming.Schemas.Storage.Embedded;

/// <summary>
/// The embedded store's on-disk layout: one SQLite file in <see cref="EmbeddedStoreOptions.DataDir"/>.
/// The ingester creates it; the query service only checks <see cref="Version"/> and reads.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>spans</c>: one row per span, appended in write order. <c>payload</c> is a <see cref="StoredSpan"/>
/// (the span with its resource and scope, in OTLP protobuf); the other columns are what searches filter on.
/// <c>(trace_id, span_id)</c> is unique, which makes rewrites idempotent and serves trace lookups.</item>
/// <item><c>span_attributes</c>: an FTS5 inverted index from <see cref="AttributePairHash"/> tokens to span row ids.
/// FTS5 buffers a transaction's postings and writes them as one sorted segment, so ~25 pairs a span cost far less
/// than ~25 random B-tree inserts. <c>detail=none</c> keeps only row ids; <c>contentless_delete</c> lets a rewrite replace them.</item>
/// <item><c>operations</c>: the distinct (service, span name, kind) written, for the services and operations listings.</item>
/// </list>
/// </remarks>
public static class EmbeddedStoreSchema
{
    /// <summary>The database file inside the data directory.</summary>
    public const string FileName = "traces.db";

    /// <summary>Stored in <c>PRAGMA user_version</c> once the schema is committed; 0 means not created yet.</summary>
    public const int Version = 2;

    /// <summary>Creates every table and index; safe to run on an existing store.</summary>
    public const string CreateStatements = """
        CREATE TABLE IF NOT EXISTS spans (
            id INTEGER PRIMARY KEY,
            trace_id BLOB NOT NULL,
            span_id BLOB NOT NULL,
            service TEXT NOT NULL,
            name TEXT NOT NULL,
            start_ns INTEGER NOT NULL,
            duration_ns INTEGER NOT NULL,
            attribute_hashes BLOB NOT NULL,
            payload BLOB NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS spans_by_trace ON spans (trace_id, span_id);
        CREATE INDEX IF NOT EXISTS spans_by_start ON spans (start_ns);
        CREATE INDEX IF NOT EXISTS spans_by_service_start ON spans (service, start_ns);
        CREATE VIRTUAL TABLE IF NOT EXISTS span_attributes USING fts5 (
            tokens, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
        );
        CREATE TABLE IF NOT EXISTS operations (
            service TEXT NOT NULL,
            name TEXT NOT NULL,
            kind INTEGER NOT NULL,
            PRIMARY KEY (service, name, kind)
        ) WITHOUT ROWID;
        """;

    /// <summary>The database file for a data directory.</summary>
    public static string DatabasePath(EmbeddedStoreOptions options) => Path.Combine(options.DataDir, FileName);
}
