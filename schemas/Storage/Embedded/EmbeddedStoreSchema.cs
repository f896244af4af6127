namespace Jaeger.Streaming.Schemas.Storage.Embedded;

/// <summary>
/// The embedded store's on-disk layout: one SQLite file in <see cref="EmbeddedStoreOptions.DataDir"/>.
/// The ingester creates it; the query service only checks <see cref="Version"/> and reads.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>spans</c>: one row per span, appended in write order. <c>payload</c> is a <see cref="StoredSpan"/>
/// (the span with its resource and scope, in OTLP protobuf); the other columns are what searches, scopes and the
/// service map filter on. Every row carries its <c>tenant</c>, and every index that serves a read leads with it, so a
/// read of one tenant never touches another's rows. <c>(tenant, trace_id, span_id)</c> is unique, which makes
/// rewrites idempotent, keeps the same ids under two tenants apart, and serves trace lookups and the parent join of
/// the service map. Span ids are stored as the signed 64-bit big-endian value of their 8 bytes; a root span's
/// <c>parent_span_id</c> is NULL. <c>error</c> is 1 when the span's status is error.</item>
/// <item><c>span_attributes</c>: an FTS5 inverted index from <see cref="AttributePairHash"/> tokens to span row ids.
/// FTS5 buffers a transaction's postings and writes them as one sorted segment, so ~25 pairs a span cost far less
/// than ~25 random B-tree inserts. <c>detail=none</c> keeps only row ids; <c>contentless_delete</c> lets a rewrite replace them.</item>
/// <item><c>operations</c>: the distinct (tenant, service, span name, kind) written, for the listings and for resolving
/// a <see cref="ReadScope"/>'s service patterns to names, with <c>last_seen_ns</c>: the start of a recent span of it
/// (refreshed at most hourly), so that retention can drop an operation no stored span has any more.</item>
/// </list>
/// </remarks>
public static class EmbeddedStoreSchema
{
    /// <summary>The database file inside the data directory.</summary>
    public const string FileName = "traces.db";

    /// <summary>
    /// Stored in <c>PRAGMA user_version</c> once the schema is committed; 0 means not created yet. Version 3 added
    /// tenants, parent span ids and the error flag; version 4 added <c>operations.last_seen_ns</c>. A version-3 store
    /// is migrated in place by the writer (<see cref="MigrateFromVersion3"/>); older ones are refused with
    /// <see cref="OlderVersionError"/>.
    /// </summary>
    public const int Version = 4;

    /// <summary>
    /// The oldest version read as it is: version 3 lacks only <c>operations.last_seen_ns</c>, which reads never use,
    /// so a query service keeps reading while an upgraded ingester migrates the store.
    /// </summary>
    public const int OldestReadable = 3;

    /// <summary>
    /// Version 3 to 4, in the writer's schema transaction: every operation counts as seen when the newest stored span
    /// started, so none leaves the listings before the spans stored before the upgrade have expired.
    /// </summary>
    public const string MigrateFromVersion3 = """
        ALTER TABLE operations ADD COLUMN last_seen_ns INTEGER NOT NULL DEFAULT 0;
        UPDATE operations SET last_seen_ns = coalesce((SELECT max(start_ns) FROM spans), 0);
        """;

    /// <summary>Creates every table and index; safe to run on an existing store.</summary>
    public const string CreateStatements = """
        CREATE TABLE IF NOT EXISTS spans (
            id INTEGER PRIMARY KEY,
            tenant TEXT NOT NULL,
            trace_id BLOB NOT NULL,
            span_id INTEGER NOT NULL,
            parent_span_id INTEGER,
            service TEXT NOT NULL,
            name TEXT NOT NULL,
            start_ns INTEGER NOT NULL,
            duration_ns INTEGER NOT NULL,
            error INTEGER NOT NULL,
            attribute_hashes BLOB NOT NULL,
            payload BLOB NOT NULL
        );
        CREATE UNIQUE INDEX IF NOT EXISTS spans_by_trace ON spans (tenant, trace_id, span_id);
        CREATE INDEX IF NOT EXISTS spans_by_start ON spans (start_ns);
        CREATE INDEX IF NOT EXISTS spans_by_service_start ON spans (tenant, service, start_ns);
        CREATE VIRTUAL TABLE IF NOT EXISTS span_attributes USING fts5 (
            tokens, content = '', contentless_delete = 1, detail = none, tokenize = 'ascii'
        );
        CREATE TABLE IF NOT EXISTS operations (
            tenant TEXT NOT NULL,
            service TEXT NOT NULL,
            name TEXT NOT NULL,
            kind INTEGER NOT NULL,
            last_seen_ns INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (tenant, service, name, kind)
        ) WITHOUT ROWID;
        """;

    /// <summary>Whether a store of <paramref name="version"/> can be read as it is.</summary>
    public static bool IsReadable(long version) => version is >= OldestReadable and <= Version;

    /// <summary>
    /// Why a store of another schema version cannot be opened, and what to do. Stores older than version 3 are not
    /// migrated: version 3 needs each span's tenant, which older stores never recorded, so any migration would have to guess it.
    /// </summary>
    public static string OlderVersionError(string path, long found) =>
        found < OldestReadable
            ? $"The trace database at '{path}' has schema version {found}; this release reads and writes version {Version}, which keeps tenants apart and records parent span ids for the service map. Older stores are not migrated because they never recorded tenants: point {EmbeddedStoreOptions.SectionName}:DataDir at a new directory, or move or delete '{path}' (its spans are lost)."
            : $"The trace database at '{path}' has schema version {found}, newer than version {Version} which this release reads and writes. Run the release that wrote it, or point {EmbeddedStoreOptions.SectionName}:DataDir at another directory.";

    /// <summary>The 8 bytes of a span id as the signed 64-bit value the store keeps, big-endian.</summary>
    public static long SpanIdValue(ReadOnlySpan<byte> spanId) => System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(spanId);

    /// <summary>The database file for a data directory.</summary>
    public static string DatabasePath(EmbeddedStoreOptions options) => Path.Combine(options.DataDir, FileName);
}
