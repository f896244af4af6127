using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Data.Sqlite;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Storage.Embedded;

/// <summary>Loads a trace's stored spans and groups them back under their identical resources and scopes.</summary>
internal static class TraceAssembler
{
    /// <summary>
    /// The scope's spans of the trace with the count of the tenant's spans it withholds, or null when no permitted
    /// span is stored. A window, when given, must contain the start of at least one permitted span; the permitted
    /// spans are still returned whole. Withheld payloads never leave SQLite: the query returns NULL in their place.
    /// Each span loaded takes one from <paramref name="budget"/>; past it the read is refused before it holds more.
    /// </summary>
    public static ScopedTrace? Load(SqliteConnection connection, ScopeFilter scope, TraceId traceId, TimeWindow? window, ref int budget)
    {
        using var command = connection.CreateCommand();
        command.CommandText =
            $"SELECT start_ns, CASE WHEN {scope.Permits("service")} THEN payload END FROM spans WHERE tenant = @tenant AND trace_id = @trace ORDER BY start_ns";
        scope.Bind(command);
        command.Parameters.AddWithValue("@trace", traceId.ToBytes());
        using var reader = command.ExecuteReader();

        var trace = new TracesData();
        var resources = new Dictionary<(Resource?, string), ResourceSpans>();
        var scopes = new Dictionary<(Resource?, string, InstrumentationScope?, string), ScopeSpans>();
        var inWindow = window is null;
        var withheld = 0;
        while (reader.Read())
        {
            if (reader.IsDBNull(1))
            {
                withheld++;
                continue;
            }

            if (!inWindow)
            {
                var start = reader.GetInt64(0);
                inWindow = start >= StoredSpan.UnixNanos(window!.Value.Start) && start <= StoredSpan.UnixNanos(window.Value.End);
            }

            if (--budget < 0)
            {
                throw new TraceReadTooLargeException(
                    $"The read needs more spans than {EmbeddedReaderOptions.SectionName}:MaxSpansPerRead allows; narrow the search, or raise it.");
            }

            var stored = StoredSpan.Decode(reader.GetFieldValue<byte[]>(1));
            var storedScope = stored.ScopeSpans[0];
            if (!resources.TryGetValue((stored.Resource, stored.SchemaUrl), out var resourceSpans))
            {
                resourceSpans = new ResourceSpans { Resource = stored.Resource, SchemaUrl = stored.SchemaUrl };
                resources.Add((stored.Resource, stored.SchemaUrl), resourceSpans);
                trace.ResourceSpans.Add(resourceSpans);
            }

            if (!scopes.TryGetValue((stored.Resource, stored.SchemaUrl, storedScope.Scope, storedScope.SchemaUrl), out var scopeSpans))
            {
                scopeSpans = new ScopeSpans { Scope = storedScope.Scope, SchemaUrl = storedScope.SchemaUrl };
                scopes.Add((stored.Resource, stored.SchemaUrl, storedScope.Scope, storedScope.SchemaUrl), scopeSpans);
                resourceSpans.ScopeSpans.Add(scopeSpans);
            }

            scopeSpans.Spans.Add(storedScope.Spans[0]);
        }

        return trace.ResourceSpans.Count > 0 && inWindow ? new ScopedTrace(trace, withheld) : null;
    }
}
