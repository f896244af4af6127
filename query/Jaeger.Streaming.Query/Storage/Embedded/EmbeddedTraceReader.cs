using System.Globalization;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Data.Sqlite;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Storage.Embedded;

/// <summary>
/// Reads the embedded SQLite store the ingester writes (<see cref="EmbeddedStoreSchema"/>), through read-only
/// connections. Until the ingester has created the database, every lookup finds nothing. Each call reads one snapshot
/// (a read transaction), so the scope's services and the rows filtered by them agree.
/// </summary>
internal sealed class EmbeddedTraceReader : ITraceReader, IDisposable
{
    private readonly string _path;
    private readonly string _connectionString;
    private readonly EmbeddedReaderOptions _limits;

    /// <param name="limits">The most traces one search returns and spans one read loads; the defaults when null.</param>
    public EmbeddedTraceReader(EmbeddedStoreOptions options, EmbeddedReaderOptions? limits = null)
    {
        _limits = limits ?? new EmbeddedReaderOptions();
        _path = EmbeddedStoreSchema.DatabasePath(options);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ToString();
    }

    public Task<ScopedTrace?> GetTraceAsync(ReadScope scope, TraceId traceId, TimeWindow? window, CancellationToken cancellationToken) =>
        Task.FromResult(Read(scope, (connection, filter) =>
        {
            var budget = _limits.MaxSpansPerRead;
            return filter.PermitsNothing ? null : TraceAssembler.Load(connection, filter, traceId, window, ref budget);
        }, null));

    public Task<IReadOnlyList<string>> GetServicesAsync(ReadScope scope, CancellationToken cancellationToken)
    {
        var services = Read(scope, static (connection, filter) =>
        {
            var services = new List<string>();
            using var command = connection.CreateCommand();
            command.CommandText = $"SELECT DISTINCT service FROM operations WHERE tenant = @tenant AND service <> '' AND {filter.Permits("service")}";
            filter.Bind(command);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                services.Add(reader.GetString(0));
            }

            services.Sort(StringComparer.Ordinal);
            return services;
        }, []);
        return Task.FromResult<IReadOnlyList<string>>(services);
    }

    public Task<IReadOnlyList<Operation>> GetOperationsAsync(ReadScope scope, string service, Span.Types.SpanKind? spanKind, CancellationToken cancellationToken)
    {
        if (!scope.Permits(service))
        {
            return Task.FromResult<IReadOnlyList<Operation>>([]);
        }

        var operations = Read(scope, (connection, filter) =>
        {
            var operations = new List<Operation>();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, kind FROM operations WHERE tenant = @tenant AND service = @service AND (@kind IS NULL OR kind = @kind)";
            command.Parameters.AddWithValue("@tenant", scope.Tenant);
            command.Parameters.AddWithValue("@service", service);
            command.Parameters.AddWithValue("@kind", spanKind is null ? DBNull.Value : (int)spanKind.Value);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                operations.Add(new Operation(reader.GetString(0), (Span.Types.SpanKind)reader.GetInt32(1)));
            }

            operations.Sort(static (a, b) =>
            {
                var byName = string.CompareOrdinal(a.Name, b.Name);
                return byName != 0 ? byName : a.SpanKind.CompareTo(b.SpanKind);
            });
            return operations;
        }, [], resolveServices: false);
        return Task.FromResult<IReadOnlyList<Operation>>(operations);
    }

    public Task<IReadOnlyList<ScopedTrace>> FindTracesAsync(ReadScope scope, TraceQuery query, CancellationToken cancellationToken)
    {
        var traces = Read(scope, (connection, filter) =>
        {
            var traces = new List<ScopedTrace>();
            var budget = _limits.MaxSpansPerRead;
            foreach (var traceId in TraceSearch.Run(connection, filter, Capped(query), cancellationToken))
            {
                // Within one snapshot a found trace is always there; the check keeps the contract's non-null promise.
                if (TraceAssembler.Load(connection, filter, traceId, window: null, ref budget) is { } trace)
                {
                    traces.Add(trace);
                }
            }

            return traces;
        }, []);
        return Task.FromResult<IReadOnlyList<ScopedTrace>>(traces);
    }

    public Task<IReadOnlyList<TraceId>> FindTraceIdsAsync(ReadScope scope, TraceQuery query, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<TraceId>>(Read(scope, (connection, filter) => TraceSearch.Run(connection, filter, Capped(query), cancellationToken), []));

    private TraceQuery Capped(TraceQuery query) => query.SearchDepth > _limits.MaxSearchDepth ? query with { SearchDepth = _limits.MaxSearchDepth } : query;

    public Task<IReadOnlyList<ServiceDependency>> GetDependenciesAsync(ReadScope scope, TimeWindow window, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<ServiceDependency>>(Read(scope, (connection, filter) => ServiceMap.Load(connection, filter, window, cancellationToken), []));

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
    }

    /// <summary>
    /// Runs <paramref name="read"/> in one read transaction with the scope resolved, or answers <paramref name="empty"/>
    /// while the ingester has not yet created the store. <paramref name="resolveServices"/> false skips resolving the
    /// scope's patterns for reads that checked their one service already.
    /// </summary>
    private T Read<T>(ReadScope scope, Func<SqliteConnection, ScopeFilter, T> read, T empty, bool resolveServices = true)
    {
        try
        {
            using var connection = Open();
            if (connection is null)
            {
                return empty;
            }

            using var transaction = connection.BeginTransaction(deferred: true);
            var filter = resolveServices ? ScopeFilter.Resolve(connection, scope) : ScopeFilter.Resolve(connection, ReadScope.AllServicesOf(scope.Tenant));
            return read(connection, filter);
        }
        catch (SqliteException e)
        {
            throw new TraceStoreUnavailableException($"The embedded store at '{_path}' could not be read: {e.Message}", e);
        }
    }

    /// <summary>A read-only connection, or null while the ingester has not yet created the store.</summary>
    private SqliteConnection? Open()
    {
        if (!File.Exists(_path))
        {
            return null;
        }

        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA user_version";
            var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            if (version == 0)
            {
                // The file exists but the ingester has not committed the schema yet.
                connection.Dispose();
                return null;
            }

            if (!EmbeddedStoreSchema.IsReadable(version))
            {
                throw new TraceStoreUnavailableException(EmbeddedStoreSchema.OlderVersionError(_path, version));
            }

            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }
}
