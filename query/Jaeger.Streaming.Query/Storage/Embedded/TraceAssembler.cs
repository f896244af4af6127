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
    /// The whole trace, or null when no span is stored. A window, when given, must contain the start of at least one
    /// span; the trace is still returned whole.
    /// </summary>
    public static TracesData? Load(SqliteConnection connection, TraceId traceId, TimeWindow? window)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT start_ns, payload FROM spans WHERE trace_id = @trace ORDER BY start_ns";
        command.Parameters.AddWithValue("@trace", traceId.ToBytes());
        using var reader = command.ExecuteReader();

        var trace = new TracesData();
        var resources = new Dictionary<(Resource?, string), ResourceSpans>();
        var scopes = new Dictionary<(Resource?, string, InstrumentationScope?, string), ScopeSpans>();
        var inWindow = window is null;
        while (reader.Read())
        {
            if (!inWindow)
            {
                var start = reader.GetInt64(0);
                inWindow = start >= StoredSpan.UnixNanos(window!.Value.Start) && start <= StoredSpan.UnixNanos(window.Value.End);
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

        return trace.ResourceSpans.Count > 0 && inWindow ? trace : null;
    }
}
