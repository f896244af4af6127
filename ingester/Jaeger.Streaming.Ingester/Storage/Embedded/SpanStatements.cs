using Microsoft.Data.Sqlite;

namespace Jaeger.Streaming.Ingester.Storage.Embedded;

/// <summary>The writer's prepared statements, created once and rebound per span.</summary>
internal sealed class SpanStatements : IDisposable
{
    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _replace;
    private readonly SqliteCommand _dropTokens;
    private readonly SqliteCommand _insertTokens;
    private readonly SqliteCommand _addOperation;

    public SpanStatements(SqliteConnection connection)
    {
        const string Columns = "service = @service, name = @name, start_ns = @start, duration_ns = @duration, attribute_hashes = @hashes, payload = @payload";
        _insert = Command(
            connection,
            """
            INSERT INTO spans (trace_id, span_id, service, name, start_ns, duration_ns, attribute_hashes, payload)
            VALUES (@trace, @span, @service, @name, @start, @duration, @hashes, @payload)
            ON CONFLICT (trace_id, span_id) DO NOTHING
            RETURNING id
            """,
            "@trace", "@span", "@service", "@name", "@start", "@duration", "@hashes", "@payload");
        _replace = Command(
            connection,
            $"UPDATE spans SET {Columns} WHERE trace_id = @trace AND span_id = @span RETURNING id",
            "@trace", "@span", "@service", "@name", "@start", "@duration", "@hashes", "@payload");
        _dropTokens = Command(connection, "DELETE FROM span_attributes WHERE rowid = @id", "@id");
        _insertTokens = Command(connection, "INSERT INTO span_attributes (rowid, tokens) VALUES (@id, @tokens)", "@id", "@tokens");
        _addOperation = Command(
            connection,
            "INSERT INTO operations (service, name, kind) VALUES (@service, @name, @kind) ON CONFLICT DO NOTHING",
            "@service", "@name", "@kind");
    }

    public void Enlist(SqliteTransaction transaction)
    {
        _insert.Transaction = transaction;
        _replace.Transaction = transaction;
        _dropTokens.Transaction = transaction;
        _insertTokens.Transaction = transaction;
        _addOperation.Transaction = transaction;
    }

    /// <summary>Inserts the span, or replaces the stored copy (and its index tokens) when its ids are already stored.</summary>
    /// <param name="tokens">The span's attribute index tokens; null when its context has no attributes.</param>
    public void WriteSpan(byte[] traceId, byte[] spanId, string service, string name, long startNanos, long durationNanos, byte[] hashes, byte[] payload, string? tokens)
    {
        Bind(_insert, traceId, spanId, service, name, startNanos, durationNanos, hashes, payload);
        var id = _insert.ExecuteScalar();
        if (id is null)
        {
            // A replay or a resend: same ids, so overwrite rather than duplicate.
            Bind(_replace, traceId, spanId, service, name, startNanos, durationNanos, hashes, payload);
            id = _replace.ExecuteScalar()!;
            _dropTokens.Parameters[0].Value = id;
            _dropTokens.ExecuteNonQuery();
        }

        if (tokens is not null)
        {
            _insertTokens.Parameters[0].Value = id;
            _insertTokens.Parameters[1].Value = tokens;
            _insertTokens.ExecuteNonQuery();
        }
    }

    public void AddOperation(string service, string name, int kind)
    {
        _addOperation.Parameters[0].Value = service;
        _addOperation.Parameters[1].Value = name;
        _addOperation.Parameters[2].Value = kind;
        _addOperation.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _insert.Dispose();
        _replace.Dispose();
        _dropTokens.Dispose();
        _insertTokens.Dispose();
        _addOperation.Dispose();
    }

    private static void Bind(SqliteCommand command, byte[] traceId, byte[] spanId, string service, string name, long startNanos, long durationNanos, byte[] hashes, byte[] payload)
    {
        var parameters = command.Parameters;
        parameters[0].Value = traceId;
        parameters[1].Value = spanId;
        parameters[2].Value = service;
        parameters[3].Value = name;
        parameters[4].Value = startNanos;
        parameters[5].Value = durationNanos;
        parameters[6].Value = hashes;
        parameters[7].Value = payload;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, params string[] parameterNames)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var parameterName in parameterNames)
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = parameterName });
        }

        return command;
    }
}
