using System.Globalization;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Data.Sqlite;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Storage.Embedded;

/// <summary>
/// Reads the embedded SQLite store the ingester writes (<see cref="EmbeddedStoreSchema"/>), through read-only
/// connections. Until the ingester has created the database, every lookup finds nothing.
/// </summary>
internal sealed class EmbeddedTraceReader : ITraceReader, IDisposable
{
    private readonly string _path;
    private readonly string _connectionString;

    public EmbeddedTraceReader(EmbeddedStoreOptions options)
    {
        _path = EmbeddedStoreSchema.DatabasePath(options);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _path,
            Mode = SqliteOpenMode.ReadOnly,
            Pooling = true,
        }.ToString();
    }

    public Task<TracesData?> GetTraceAsync(TraceId traceId, TimeWindow? window, CancellationToken cancellationToken)
    {
        using var connection = Open();
        return Task.FromResult(connection is null ? null : TraceAssembler.Load(connection, traceId, window));
    }

    public Task<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken)
    {
        var services = new List<string>();
        using var connection = Open();
        if (connection is not null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT DISTINCT service FROM operations WHERE service <> ''";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                services.Add(reader.GetString(0));
            }
        }

        services.Sort(StringComparer.Ordinal);
        return Task.FromResult<IReadOnlyList<string>>(services);
    }

    public Task<IReadOnlyList<Operation>> GetOperationsAsync(string service, Span.Types.SpanKind? spanKind, CancellationToken cancellationToken)
    {
        var operations = new List<Operation>();
        using var connection = Open();
        if (connection is not null)
        {
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT name, kind FROM operations WHERE service = @service AND (@kind IS NULL OR kind = @kind)";
            command.Parameters.AddWithValue("@service", service);
            command.Parameters.AddWithValue("@kind", spanKind is null ? DBNull.Value : (int)spanKind.Value);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                operations.Add(new Operation(reader.GetString(0), (Span.Types.SpanKind)reader.GetInt32(1)));
            }
        }

        operations.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.SpanKind.CompareTo(b.SpanKind);
        });
        return Task.FromResult<IReadOnlyList<Operation>>(operations);
    }

    public Task<IReadOnlyList<TracesData>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        var traces = new List<TracesData>();
        using var connection = Open();
        if (connection is not null)
        {
            foreach (var traceId in TraceSearch.Run(connection, query, cancellationToken))
            {
                // Retention may have deleted a trace found a moment ago; it is then skipped.
                if (TraceAssembler.Load(connection, traceId, window: null) is { } trace)
                {
                    traces.Add(trace);
                }
            }
        }

        return Task.FromResult<IReadOnlyList<TracesData>>(traces);
    }

    public Task<IReadOnlyList<TraceId>> FindTraceIdsAsync(TraceQuery query, CancellationToken cancellationToken)
    {
        using var connection = Open();
        IReadOnlyList<TraceId> ids = connection is null ? [] : TraceSearch.Run(connection, query, cancellationToken);
        return Task.FromResult(ids);
    }

    public void Dispose()
    {
        using var connection = new SqliteConnection(_connectionString);
        SqliteConnection.ClearPool(connection);
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

            if (version != EmbeddedStoreSchema.Version)
            {
                throw new InvalidOperationException(
                    $"The trace database at '{_path}' has schema version {version}; this query service reads version {EmbeddedStoreSchema.Version}. Run matching ingester and query versions.");
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
