using System.Buffers.Binary;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Data.Sqlite;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Storage.Embedded;

/// <summary>
/// Writes spans to the embedded SQLite store (layout in <see cref="EmbeddedStoreSchema"/>). One connection, one
/// transaction per batch, statements prepared once. Callers are serialized: SQLite has a single writer anyway.
/// </summary>
internal sealed class EmbeddedTraceWriter : ITraceWriter, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;
    private readonly SpanStatements _statements;

    // Operations already in the table, so the common case costs a hash lookup, not a statement.
    private readonly HashSet<(string Service, string Name, int Kind)> _knownOperations = [];
    private readonly List<(string Service, string Name, int Kind)> _newOperations = [];
    private readonly List<KeyValue> _contextAttributes = [];
    private char[] _tokens = new char[64 * (AttributePairHash.TokenLength + 1)];

    /// <param name="options">Where the store lives.</param>
    /// <param name="durableCommits">False only to measure what durability costs: commits then survive a crash of this process but not of the machine.</param>
    public EmbeddedTraceWriter(EmbeddedStoreOptions options, bool durableCommits = true)
    {
        Directory.CreateDirectory(options.DataDir);
        _connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = EmbeddedStoreSchema.DatabasePath(options),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = false,
        }.ToString());
        _connection.Open();

        // WAL: readers never block the writer. synchronous=FULL: in WAL mode only FULL fsyncs the log at every
        // commit, so a batch survives power loss once WriteAsync completes and the ingester may store its offsets.
        // 16 KiB pages suit ~1.5 KB span rows (measured: fewer page splits than 4 KiB); it only applies to a new file.
        // The larger autocheckpoint (40 MiB of log) folds repeated page writes into one checkpoint.
        Execute($"""
            PRAGMA page_size = 16384;
            PRAGMA journal_mode = WAL;
            PRAGMA wal_autocheckpoint = 2500;
            PRAGMA synchronous = {(durableCommits ? "FULL" : "NORMAL")};
            PRAGMA cache_size = -65536;
            PRAGMA temp_store = MEMORY;
            """);
        CreateSchema();
        _statements = new SpanStatements(_connection);
        LoadKnownOperations();
    }

    public async Task WriteAsync(IReadOnlyList<ResourceSpans> batch, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            WriteBatch(batch, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        _statements.Dispose();
        _connection.Dispose();
        _gate.Dispose();
    }

    private void WriteBatch(IReadOnlyList<ResourceSpans> batch, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _newOperations.Clear();
        using (var transaction = _connection.BeginTransaction())
        {
            _statements.Enlist(transaction);
            for (var r = 0; r < batch.Count; r++)
            {
                var resourceSpans = batch[r];
                var service = StoredSpan.ServiceName(resourceSpans.Resource);
                foreach (var scopeSpans in resourceSpans.ScopeSpans)
                {
                    foreach (var span in scopeSpans.Spans)
                    {
                        WriteSpan(resourceSpans, scopeSpans, span, service);
                    }
                }
            }

            transaction.Commit();
        }

        foreach (var operation in _newOperations)
        {
            _knownOperations.Add(operation);
        }
    }

    private void WriteSpan(ResourceSpans resourceSpans, ScopeSpans scopeSpans, Span span, string service)
    {
        if (span.TraceId.Length != 16 || span.SpanId.Length != 8)
        {
            throw new ArgumentException(
                $"Span '{span.Name}' of service '{service}' has a {span.TraceId.Length}-byte trace id and a {span.SpanId.Length}-byte span id; the store needs 16 and 8. Validate spans before writing them.");
        }

        _contextAttributes.Clear();
        StoredSpan.CollectContextAttributes(resourceSpans.Resource, scopeSpans.Scope, span, _contextAttributes);
        var hashes = new byte[_contextAttributes.Count * sizeof(ulong)];
        var tokens = TokenBuffer(_contextAttributes.Count);
        for (var i = 0; i < _contextAttributes.Count; i++)
        {
            var attribute = _contextAttributes[i];
            var hash = AttributePairHash.Of(attribute.Key, AttributeText.Format(attribute.Value));
            BinaryPrimitives.WriteUInt64LittleEndian(hashes.AsSpan(i * sizeof(ulong)), hash);
            var at = i * (AttributePairHash.TokenLength + 1);
            AttributePairHash.WriteToken(hash, tokens.AsSpan(at, AttributePairHash.TokenLength));
            tokens[at + AttributePairHash.TokenLength] = ' ';
        }

        var start = (long)Math.Min(span.StartTimeUnixNano, long.MaxValue);
        var duration = span.EndTimeUnixNano > span.StartTimeUnixNano
            ? (long)Math.Min(span.EndTimeUnixNano - span.StartTimeUnixNano, long.MaxValue)
            : 0;
        _statements.WriteSpan(
            span.TraceId.ToByteArray(),
            span.SpanId.ToByteArray(),
            service,
            span.Name,
            start,
            duration,
            hashes,
            StoredSpan.Encode(resourceSpans, scopeSpans, span),
            _contextAttributes.Count == 0 ? null : new string(tokens, 0, _contextAttributes.Count * (AttributePairHash.TokenLength + 1)));

        var operation = (service, span.Name, (int)span.Kind);
        if (!_knownOperations.Contains(operation))
        {
            _statements.AddOperation(service, span.Name, (int)span.Kind);
            _newOperations.Add(operation);
        }
    }

    private char[] TokenBuffer(int pairs)
    {
        var needed = pairs * (AttributePairHash.TokenLength + 1);
        if (_tokens.Length < needed)
        {
            _tokens = new char[Math.Max(needed, _tokens.Length * 2)];
        }

        return _tokens;
    }

    private void CreateSchema()
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version > EmbeddedStoreSchema.Version)
        {
            throw new InvalidOperationException(
                $"The trace database at '{_connection.DataSource}' has schema version {version}, newer than this ingester's {EmbeddedStoreSchema.Version}. Upgrade the ingester or point Storage:Embedded:DataDir elsewhere.");
        }

        // user_version is set in the same transaction, so a reader that sees it also sees every table.
        command.CommandText = EmbeddedStoreSchema.CreateStatements + $"PRAGMA user_version = {EmbeddedStoreSchema.Version};";
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private void LoadKnownOperations()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT service, name, kind FROM operations";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _knownOperations.Add((reader.GetString(0), reader.GetString(1), reader.GetInt32(2)));
        }
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
