using Microsoft.Data.Sqlite;

namespace Jaeger.Streaming.Ingester.Storage.Embedded;

/// <summary>The writer's prepared statements, created once and rebound per row.</summary>
internal sealed class SpanStatements : IDisposable
{
    // The error flag's two values, boxed once rather than per span.
    private static readonly object Zero = 0;
    private static readonly object One = 1;

    private readonly SqliteCommand _insert;
    private readonly SqliteCommand _replace;
    private readonly SqliteCommand _deleteSpan;
    private readonly SqliteCommand _dropTokens;
    private readonly SqliteCommand _insertTokens;
    private readonly SqliteCommand _seeOperation;

    public SpanStatements(SqliteConnection connection)
    {
        _insert = Command(
            connection,
            """
            INSERT INTO spans (id, tenant, trace_id, span_id, parent_span_id, error, service, name, start_ns, duration_ns, attribute_hashes, payload)
            VALUES (@id, @tenant, @trace, @span, @parent, @error, @service, @name, @start, @duration, @hashes, @payload)
            ON CONFLICT (tenant, trace_id, span_id) DO NOTHING
            """,
            "@id", "@tenant", "@trace", "@span", "@parent", "@error", "@service", "@name", "@start", "@duration", "@hashes", "@payload");
        _replace = Command(
            connection,
            """
            UPDATE spans SET parent_span_id = @parent, error = @error, service = @service, name = @name, start_ns = @start,
                duration_ns = @duration, attribute_hashes = @hashes, payload = @payload
            WHERE tenant = @tenant AND trace_id = @trace AND span_id = @span
            RETURNING id
            """,
            "@tenant", "@trace", "@span", "@parent", "@error", "@service", "@name", "@start", "@duration", "@hashes", "@payload");
        _deleteSpan = Command(connection, "DELETE FROM spans WHERE id = @id", "@id");
        _dropTokens = Command(connection, "DELETE FROM span_attributes WHERE rowid = @id", "@id");
        _insertTokens = Command(connection, "INSERT INTO span_attributes (rowid, tokens) VALUES (@id, @tokens)", "@id", "@tokens");
        _seeOperation = Command(
            connection,
            """
            INSERT INTO operations (tenant, service, name, kind, last_seen_ns) VALUES (@tenant, @service, @name, @kind, @seen)
            ON CONFLICT DO UPDATE SET last_seen_ns = max(last_seen_ns, excluded.last_seen_ns)
            """,
            "@tenant", "@service", "@name", "@kind", "@seen");
    }

    private IEnumerable<SqliteCommand> All => [_insert, _replace, _deleteSpan, _dropTokens, _insertTokens, _seeOperation];

    public void Enlist(SqliteTransaction transaction)
    {
        foreach (var command in All)
        {
            command.Transaction = transaction;
        }
    }

    /// <summary>Stores the span and its index tokens under <paramref name="newId"/>; false when its ids are stored already.</summary>
    public bool TryInsert(long newId, PreparedSpan span)
    {
        _insert.Parameters[0].Value = newId;
        if (Bind(_insert, span, first: 1).ExecuteNonQuery() != 1)
        {
            return false;
        }

        AddTokens(newId, span.Tokens);
        return true;
    }

    /// <summary>
    /// Overwrites the stored span with the same ids in place and returns its row id. Its index tokens are left as they
    /// were: the caller swaps them with <see cref="SwapTokens"/>.
    /// </summary>
    public long Overwrite(PreparedSpan span) => (long)Bind(_replace, span, first: 0).ExecuteScalar()!;

    /// <summary>Replaces the index tokens of the span stored under <paramref name="id"/>.</summary>
    public void SwapTokens(long id, string? tokens)
    {
        DropTokens(id);
        AddTokens(id, tokens);
    }

    /// <summary>Deletes a span and its index tokens.</summary>
    public void Delete(long id)
    {
        DropTokens(id);
        _deleteSpan.Parameters[0].Value = id;
        _deleteSpan.ExecuteNonQuery();
    }

    /// <summary>Lists the operation, or moves its <c>last_seen_ns</c> forward to <paramref name="seenNanos"/>.</summary>
    public void SeeOperation(string tenant, string service, string name, int kind, long seenNanos)
    {
        _seeOperation.Parameters[0].Value = tenant;
        _seeOperation.Parameters[1].Value = service;
        _seeOperation.Parameters[2].Value = name;
        _seeOperation.Parameters[3].Value = kind;
        _seeOperation.Parameters[4].Value = seenNanos;
        _seeOperation.ExecuteNonQuery();
    }

    public void Dispose()
    {
        foreach (var command in All)
        {
            command.Dispose();
        }
    }

    private void DropTokens(long id)
    {
        _dropTokens.Parameters[0].Value = id;
        _dropTokens.ExecuteNonQuery();
    }

    private void AddTokens(long id, string? tokens)
    {
        if (tokens is not null)
        {
            _insertTokens.Parameters[0].Value = id;
            _insertTokens.Parameters[1].Value = tokens;
            _insertTokens.ExecuteNonQuery();
        }
    }

    /// <summary>Binds the span's columns to the command's parameters from <paramref name="first"/> on, in table order.</summary>
    private static SqliteCommand Bind(SqliteCommand command, PreparedSpan span, int first)
    {
        var parameters = command.Parameters;
        parameters[first].Value = span.Tenant;
        parameters[first + 1].Value = span.TraceId;
        parameters[first + 2].Value = span.SpanId;
        parameters[first + 3].Value = span.ParentSpanId;
        parameters[first + 4].Value = span.Error ? One : Zero;
        parameters[first + 5].Value = span.Service;
        parameters[first + 6].Value = span.Name;
        parameters[first + 7].Value = span.StartNanos;
        parameters[first + 8].Value = span.DurationNanos;
        parameters[first + 9].Value = span.AttributeHashes;
        parameters[first + 10].Value = span.Payload;
        return command;
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
