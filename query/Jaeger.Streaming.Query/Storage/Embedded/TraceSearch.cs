using System.Buffers.Binary;
using System.Text;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Data.Sqlite;
using OpenTelemetry.Proto.Common.V1;

namespace Jaeger.Streaming.Query.Storage.Embedded;

/// <summary>
/// Finds the traces matching a <see cref="TraceQuery"/> (DESIGN §4): a trace matches when one of its spans meets
/// every condition. Spans are visited newest start first and a trace is taken at its first matching span, so traces
/// come out ordered by their newest matching span, and the walk stops at the search depth. Only the scope's rows are
/// walked (<see cref="ScopeFilter"/>), so the depth counts permitted traces. Attribute pairs also match Jaeger's derived
/// tags (<see cref="JaegerDerivedTags"/>: <c>error=true</c>, <c>span.kind</c>, ...), as Jaeger's own searches do.
/// </summary>
internal static class TraceSearch
{
    /// <summary>
    /// Up to this many spans carrying all the query's pairs, fetch them by id from the attribute index. Beyond it
    /// the pairs are common, so walking the time window newest first reaches enough matches sooner.
    /// </summary>
    private const int IndexedCandidateLimit = 4096;

    public static List<TraceId> Run(SqliteConnection connection, ScopeFilter scope, TraceQuery query, CancellationToken cancellationToken)
    {
        var depth = query.SearchDepth > 0 ? query.SearchDepth : TraceQuery.DefaultSearchDepth;
        var found = new List<TraceId>(depth);
        if (scope.PermitsNothing || (!string.IsNullOrEmpty(query.ServiceName) && !scope.Scope.Permits(query.ServiceName)))
        {
            return found;
        }

        // Pairs on Jaeger's derived tags may hold by the span's own fields, which the attribute index does not hold, so
        // only the other pairs narrow the rows by index; every pair is checked exactly on the span.
        var pairs = new List<KeyValuePair<string, string>>(query.Attributes);
        var pairHashes = new List<ulong>(pairs.Count);
        var errorHashes = new List<ulong>();
        var derived = false;
        foreach (var (key, value) in pairs)
        {
            if (!JaegerDerivedTags.IsDerived(key))
            {
                pairHashes.Add(AttributePairHash.Of(key, value));
                continue;
            }

            derived = true;
            if ((key, value) is ("error", "true") or ("otel.status_code", "ERROR"))
            {
                // Holds only for a span with an error status, or with the pair as an attribute of its own.
                errorHashes.Add(AttributePairHash.Of(key, value));
            }
            else if (key == "span.kind" && !HasOperationsOfKind(connection, scope, query.ServiceName, value))
            {
                // No stored operation has that kind, so only a span carrying the pair as an attribute of its own can
                // match: the attribute index narrows the search to those instead of walking the window to find none.
                pairHashes.Add(AttributePairHash.Of(key, value));
            }
        }

        var candidates = pairHashes.Count > 0 ? IndexedCandidates(connection, pairHashes) : null;
        if (candidates is { Length: 0 })
        {
            return found;
        }

        using var command = SpanFilter(connection, scope, query, candidates);
        using var reader = command.ExecuteReader();
        var seen = new HashSet<TraceId>();
        var traceIdBuffer = new byte[TraceId.Length];
        var hashBuffer = new byte[256];
        var context = new List<KeyValue>();
        while (found.Count < depth && reader.Read())
        {
            cancellationToken.ThrowIfCancellationRequested();
            reader.GetBytes(0, 0, traceIdBuffer, 0, TraceId.Length);
            var traceId = TraceId.FromBytes(traceIdBuffer);
            if (seen.Contains(traceId))
            {
                continue;
            }

            if (pairs.Count > 0)
            {
                // The index already required every indexed pair of the candidates; a window walk checks the stored hashes first.
                if (candidates is null && !HasAllHashes(reader, ref hashBuffer, pairHashes))
                {
                    continue;
                }

                if (errorHashes.Count > 0 && reader.GetInt64(3) == 0 && !HasAllHashes(reader, ref hashBuffer, errorHashes))
                {
                    continue;
                }

                if (!HasAllPairs(StoredSpan.Decode(reader.GetFieldValue<byte[]>(2)), pairs, derived, context))
                {
                    continue;
                }
            }

            seen.Add(traceId);
            found.Add(traceId);
        }

        return found;
    }

    /// <summary>
    /// Whether an operation of the scope's tenant (and of <paramref name="service"/>, when given) is stored with the span
    /// kind Jaeger names <paramref name="kindName"/>; the writer keeps the operations table in the spans' transaction.
    /// </summary>
    private static bool HasOperationsOfKind(SqliteConnection connection, ScopeFilter scope, string? service, string kindName)
    {
        var kind = Schemas.Storage.Elasticsearch.JaegerSpanDocument.ParseKind(kindName);
        if (kind == OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind.Unspecified)
        {
            return false;
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM operations WHERE tenant = @tenant AND kind = @kind AND (@service IS NULL OR service = @service))";
        command.Parameters.AddWithValue("@tenant", scope.Scope.Tenant);
        command.Parameters.AddWithValue("@kind", (int)kind);
        command.Parameters.AddWithValue("@service", string.IsNullOrEmpty(service) ? DBNull.Value : service);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1;
    }

    /// <summary>The JSON array of span row ids holding every pair, or null when there are more than the limit.</summary>
    private static string? IndexedCandidates(SqliteConnection connection, List<ulong> pairHashes)
    {
        var match = new StringBuilder();
        Span<char> token = stackalloc char[AttributePairHash.TokenLength];
        foreach (var hash in pairHashes)
        {
            AttributePairHash.WriteToken(hash, token);
            match.Append(match.Length == 0 ? "\"" : " AND \"").Append(token).Append('"');
        }

        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM span_attributes WHERE span_attributes MATCH @match LIMIT @limit";
        command.Parameters.AddWithValue("@match", match.ToString());
        command.Parameters.AddWithValue("@limit", IndexedCandidateLimit + 1);
        using var reader = command.ExecuteReader();
        var ids = new StringBuilder("[");
        var count = 0;
        while (reader.Read())
        {
            if (++count > IndexedCandidateLimit)
            {
                return null;
            }

            ids.Append(count == 1 ? "" : ",").Append(reader.GetInt64(0));
        }

        return count == 0 ? "" : ids.Append(']').ToString();
    }

    /// <summary>
    /// Spans of the scope meeting the column conditions, newest start first: trace id, attribute hashes, payload, error flag.
    /// With candidates, the unary <c>+</c> keeps SQLite from walking a time index instead of fetching them by id.
    /// Without a service, <c>+tenant</c> keeps it on the start-time index, whose order the walk needs, rather than
    /// the <c>(tenant, service, start_ns)</c> index, which would sort every row of the tenant first.
    /// </summary>
    private static SqliteCommand SpanFilter(SqliteConnection connection, ScopeFilter scope, TraceQuery query, string? candidates)
    {
        var column = candidates is null ? "" : "+";
        var hasService = !string.IsNullOrEmpty(query.ServiceName);
        var sql = new StringBuilder("SELECT trace_id, attribute_hashes, payload, error FROM spans WHERE ")
            .Append(candidates is null && hasService ? "" : "+").Append("tenant = @tenant AND ")
            .Append(column).Append("start_ns BETWEEN @startMin AND @startMax");
        var command = connection.CreateCommand();
        scope.Bind(command);
        command.Parameters.AddWithValue("@startMin", StoredSpan.UnixNanos(query.StartTimeMin));
        command.Parameters.AddWithValue("@startMax", StoredSpan.UnixNanos(query.StartTimeMax));
        if (hasService)
        {
            // Already checked against the scope, so the exact name is the whole service condition.
            sql.Append(" AND ").Append(column).Append("service = @service");
            command.Parameters.AddWithValue("@service", query.ServiceName);
        }
        else
        {
            scope.AppendServiceCondition(sql, "service");
        }

        if (!string.IsNullOrEmpty(query.OperationName))
        {
            sql.Append(" AND name = @name");
            command.Parameters.AddWithValue("@name", query.OperationName);
        }

        if (query.DurationMin is { } durationMin)
        {
            sql.Append(" AND duration_ns >= @durationMin");
            command.Parameters.AddWithValue("@durationMin", durationMin.Ticks * 100);
        }

        if (query.DurationMax is { } durationMax)
        {
            sql.Append(" AND duration_ns <= @durationMax");
            command.Parameters.AddWithValue("@durationMax", durationMax.Ticks * 100);
        }

        if (candidates is not null)
        {
            sql.Append(" AND id IN (SELECT value FROM json_each(@candidates))");
            command.Parameters.AddWithValue("@candidates", candidates);
        }

        command.CommandText = sql.Append(" ORDER BY start_ns DESC").ToString();
        return command;
    }

    private static bool HasAllHashes(SqliteDataReader reader, ref byte[] buffer, List<ulong> pairHashes)
    {
        var length = (int)reader.GetBytes(1, 0, null, 0, 0);
        if (buffer.Length < length)
        {
            buffer = new byte[Math.Max(length, buffer.Length * 2)];
        }

        reader.GetBytes(1, 0, buffer, 0, length);
        var stored = buffer.AsSpan(0, length);
        foreach (var wanted in pairHashes)
        {
            var present = false;
            for (var at = 0; at + sizeof(ulong) <= stored.Length && !present; at += sizeof(ulong))
            {
                present = BinaryPrimitives.ReadUInt64LittleEndian(stored[at..]) == wanted;
            }

            if (!present)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The exact check: every pair is somewhere in the span's context, or among its derived tags, value compared as text.</summary>
    private static bool HasAllPairs(OpenTelemetry.Proto.Trace.V1.ResourceSpans stored, List<KeyValuePair<string, string>> pairs, bool derived, List<KeyValue> context)
    {
        var scopeSpans = stored.ScopeSpans[0];
        context.Clear();
        StoredSpan.CollectContextAttributes(stored.Resource, scopeSpans.Scope, scopeSpans.Spans[0], context);
        if (derived)
        {
            JaegerDerivedTags.Collect(scopeSpans.Spans[0], scopeSpans.Scope, context);
        }

        foreach (var pair in pairs)
        {
            var present = false;
            foreach (var attribute in context)
            {
                if (attribute.Key == pair.Key && AttributeText.Format(attribute.Value) == pair.Value)
                {
                    present = true;
                    break;
                }
            }

            if (!present)
            {
                return false;
            }
        }

        return true;
    }
}
