using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Data.Sqlite;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Storage.Embedded;

/// <summary>
/// Writes spans to the embedded SQLite store (layout in <see cref="EmbeddedStoreSchema"/>). One connection, statements
/// prepared once. SQLite has a single writer, so callers take turns; batches that wait meanwhile are committed together
/// in the next transaction (<see cref="PendingWrite"/>), so concurrent callers share one commit and its fsync.
/// </summary>
internal sealed class EmbeddedTraceWriter : ITraceWriter, IDisposable
{
    /// <summary>
    /// Waiting batches are merged into one transaction up to this many spans, so that one transaction's time under
    /// the lock and its memory stay bounded; a single larger batch is still written whole.
    /// </summary>
    private const int MaxCoalescedSpans = 10_000;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SqliteConnection _connection;
    private readonly SpanStatements _statements;

    // Batches waiting for the writer (oldest first), and those the current transaction took from them.
    private readonly List<PendingWrite> _waiting = [];
    private readonly List<PendingWrite> _taken = [];

    /// <summary>
    /// How far a span's start may be past its operation's recorded <c>last_seen_ns</c> before the row is moved forward,
    /// so a busy operation costs one statement an hour, not one per span. Retention keeps an operation this much
    /// longer than its recorded time, so none leaves the listings while a span of it is stored.
    /// </summary>
    internal static readonly TimeSpan OperationRefresh = TimeSpan.FromHours(1);

    private static readonly long OperationRefreshNanos = (long)OperationRefresh.TotalNanoseconds;

    // Each operation's last_seen_ns as the table has it (or later), so the common case costs a lookup, not a
    // statement; and what the current transaction recorded, applied once it commits.
    private readonly Dictionary<(string Tenant, string Service, string Name, int Kind), long> _operations = [];
    private readonly Dictionary<(string Tenant, string Service, string Name, int Kind), long> _seenInTransaction = [];

    // Spans the transaction overwrote (replays, re-sent spans), in the order written, whose index tokens it swaps last.
    private readonly List<(long Id, int Order, string? Tokens)> _overwritten = [];

    // Row ids are assigned here, so a plain INSERT needs no RETURNING round trip. Another writer may share the file
    // (two ingesters of one group on one data dir), so the next id is read inside each batch's write-locked
    // (IMMEDIATE) transaction, never cached across batches.
    private long _nextId;
    private bool _disposed;

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

    public PreparedSpans Prepare(string tenant, IReadOnlyList<ResourceSpans> spans) => new EmbeddedPreparedSpans(tenant, PreparedSpan.All(tenant, spans));

    public async Task WriteAsync(IReadOnlyList<PreparedSpans> batch, CancellationToken cancellationToken)
    {
        var write = new PendingWrite(EmbeddedPreparedSpans.RowsOf(batch));
        lock (_waiting)
        {
            _waiting.Add(write);
        }

        try
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            if (write.TryWithdraw())
            {
                throw;
            }

            // Another caller's transaction already took this batch; its outcome is this write's.
            await write.Committed.ConfigureAwait(false);
            return;
        }

        try
        {
            // A caller that held the writer before may have committed this batch along with its own.
            while (!write.Committed.IsCompleted)
            {
                CommitWaiting();
            }
        }
        finally
        {
            _gate.Release();
        }

        await write.Committed.ConfigureAwait(false);
    }

    public void Dispose()
    {
        // The container may dispose this once as itself and once as the ITraceWriter it also serves.
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _statements.Dispose();
        _connection.Dispose();
        _gate.Dispose();
    }

    /// <summary>
    /// Deletes up to <paramref name="maxSpans"/> of the oldest spans that started before <paramref name="cutoff"/>,
    /// with their index rows, in one transaction; with them the operations of every service left without spans, and
    /// every operation last seen more than <see cref="OperationRefresh"/> before the cutoff, so that listings stop
    /// offering what no stored span has any more. Returns how many spans it deleted; fewer than the maximum means none
    /// are left.
    /// </summary>
    public async Task<int> DeleteStartedBeforeAsync(DateTimeOffset cutoff, int maxSpans, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var transaction = _connection.BeginTransaction();
            _statements.Enlist(transaction);
            var expired = new List<long>(maxSpans);
            var services = new HashSet<(string Tenant, string Service)>();
            using (var select = _connection.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT id, tenant, service FROM spans WHERE start_ns < @cutoff ORDER BY start_ns LIMIT @limit";
                select.Parameters.AddWithValue("@cutoff", StoredSpan.UnixNanos(cutoff));
                select.Parameters.AddWithValue("@limit", maxSpans);
                using var reader = select.ExecuteReader();
                while (reader.Read())
                {
                    expired.Add(reader.GetInt64(0));
                    services.Add((reader.GetString(1), reader.GetString(2)));
                }
            }

            foreach (var id in expired)
            {
                _statements.Delete(id);
            }

            var emptied = services.Where(service => !HasSpans(service, transaction)).ToList();
            foreach (var (tenant, service) in emptied)
            {
                DeleteOperations(tenant, service, transaction);
            }

            var stale = DeleteOperationsSeenBefore(StoredSpan.UnixNanos(cutoff) - OperationRefreshNanos, transaction);
            transaction.Commit();

            // Only once committed: a span of that service or operation written later must list it again.
            foreach (var operation in _operations.Keys)
            {
                if (emptied.Contains((operation.Tenant, operation.Service)))
                {
                    stale.Add(operation);
                }
            }

            foreach (var operation in stale)
            {
                _operations.Remove(operation);
            }

            return expired.Count;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Whether the service still has a span: one probe of the (tenant, service, start) index.</summary>
    private bool HasSpans((string Tenant, string Service) service, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM spans WHERE tenant = @tenant AND service = @service)";
        command.Parameters.AddWithValue("@tenant", service.Tenant);
        command.Parameters.AddWithValue("@service", service.Service);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    private void DeleteOperations(string tenant, string service, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM operations WHERE tenant = @tenant AND service = @service";
        command.Parameters.AddWithValue("@tenant", tenant);
        command.Parameters.AddWithValue("@service", service);
        command.ExecuteNonQuery();
    }

    private List<(string Tenant, string Service, string Name, int Kind)> DeleteOperationsSeenBefore(long nanos, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "DELETE FROM operations WHERE last_seen_ns < @before RETURNING tenant, service, name, kind";
        command.Parameters.AddWithValue("@before", nanos);
        using var reader = command.ExecuteReader();
        var deleted = new List<(string, string, string, int)>();
        while (reader.Read())
        {
            deleted.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return deleted;
    }

    /// <summary>Commits the waiting batches, oldest first, in one transaction; the caller holds the gate.</summary>
    private void CommitWaiting()
    {
        lock (_waiting)
        {
            var spans = 0;
            var looked = 0;
            for (; looked < _waiting.Count && (_taken.Count == 0 || spans + _waiting[looked].Spans.Length <= MaxCoalescedSpans); looked++)
            {
                var write = _waiting[looked];
                if (write.TryTake())
                {
                    _taken.Add(write);
                    spans += write.Spans.Length;
                }
            }

            _waiting.RemoveRange(0, looked);
        }

        try
        {
            WriteTransaction(_taken);
            foreach (var write in _taken)
            {
                write.Succeed();
            }
        }
        catch (Exception error)
        {
            // The transaction rolled back as a whole, so every batch in it failed; each caller retries its own.
            foreach (var write in _taken)
            {
                write.Fail(error);
            }
        }
        finally
        {
            // Not kept until the next transaction: the batches are the callers' now.
            _taken.Clear();
        }
    }

    private void WriteTransaction(List<PendingWrite> writes)
    {
        _seenInTransaction.Clear();
        using (var transaction = _connection.BeginTransaction(deferred: false))
        {
            _statements.Enlist(transaction);
            _nextId = Scalar("SELECT coalesce(max(id), 0) + 1 FROM spans", transaction);
            _overwritten.Clear();
            foreach (var write in writes)
            {
                foreach (var span in write.Spans)
                {
                    WriteSpan(span);
                }
            }

            SwapOverwrittenTokens();
            transaction.Commit();
        }

        foreach (var (operation, seen) in _seenInTransaction)
        {
            _operations[operation] = Math.Max(seen, _operations.GetValueOrDefault(operation, long.MinValue));
        }
    }

    private void WriteSpan(PreparedSpan span)
    {
        if (_statements.TryInsert(_nextId, span))
        {
            _nextId++;
        }
        else
        {
            _overwritten.Add((_statements.Overwrite(span), _overwritten.Count, span.Tokens));
        }

        var operation = (span.Tenant, span.Service, span.Name, span.Kind);
        if ((_seenInTransaction.TryGetValue(operation, out var seen) || _operations.TryGetValue(operation, out seen))
            && span.StartNanos - seen < OperationRefreshNanos)
        {
            return;
        }

        _statements.SeeOperation(span.Tenant, span.Service, span.Name, span.Kind, span.StartNanos);
        _seenInTransaction[operation] = Math.Max(span.StartNanos, _seenInTransaction.GetValueOrDefault(operation, long.MinValue));
    }

    /// <summary>
    /// Swaps the overwritten spans' index tokens in row-id order, after the new spans' (whose ids are higher): FTS5
    /// writes its pending terms out as a segment whenever a row id goes back, which in write order a batch of replays
    /// does at nearly every span. A span overwritten twice keeps its last tokens.
    /// </summary>
    private void SwapOverwrittenTokens()
    {
        _overwritten.Sort(static (a, b) => a.Id != b.Id ? a.Id.CompareTo(b.Id) : a.Order.CompareTo(b.Order));
        foreach (var (id, _, tokens) in _overwritten)
        {
            _statements.SwapTokens(id, tokens);
        }

        _overwritten.Clear();
    }

    private void CreateSchema()
    {
        using var transaction = _connection.BeginTransaction();
        using var command = _connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version";
        var version = Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        if (version == 3)
        {
            command.CommandText = EmbeddedStoreSchema.MigrateFromVersion3;
            command.ExecuteNonQuery();
        }
        else if (version != 0 && version != EmbeddedStoreSchema.Version)
        {
            throw new InvalidOperationException(EmbeddedStoreSchema.OlderVersionError(_connection.DataSource, version));
        }

        // user_version is set in the same transaction, so a reader that sees it also sees every table.
        command.CommandText = EmbeddedStoreSchema.CreateStatements + $"PRAGMA user_version = {EmbeddedStoreSchema.Version};";
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private void LoadKnownOperations()
    {
        using var command = _connection.CreateCommand();
        command.CommandText = "SELECT tenant, service, name, kind, last_seen_ns FROM operations";
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            _operations[(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3))] = reader.GetInt64(4);
        }
    }

    private long Scalar(string sql, SqliteTransaction transaction)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private void Execute(string sql)
    {
        using var command = _connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
