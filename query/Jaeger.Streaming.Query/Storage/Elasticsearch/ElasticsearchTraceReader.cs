using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Storage.Elasticsearch;

/// <summary>
/// The Elasticsearch backend's reader (§4 through <see cref="SpanQueries"/>), authenticated with the read-only
/// credential. Searches select the daily indices of their time range; whole traces and listings read every index of
/// the tenant's prefix (or the read aliases).
/// </summary>
internal sealed class ElasticsearchTraceReader(ElasticsearchClient client, ElasticsearchOptions connection, ElasticsearchReaderOptions options) : ITraceReader
{
    private const string SearchOptions = "ignore_unavailable=true&allow_no_indices=true";

    public async Task<ScopedTrace?> GetTraceAsync(ReadScope scope, TraceId traceId, TimeWindow? window, CancellationToken cancellationToken)
    {
        var traces = await LoadTracesAsync(scope, [traceId], cancellationToken).ConfigureAwait(false);
        if (!traces.TryGetValue(traceId, out var trace))
        {
            return null;
        }

        if (window is { } w)
        {
            var (from, to) = (SpanQueries.CeilMicros(w.Start), SpanQueries.FloorMicros(w.End));
            if (!trace.StartsMicros.Exists(start => start >= from && start <= to))
            {
                return null;
            }
        }

        return trace.ToScoped();
    }

    public async Task<IReadOnlyList<string>> GetServicesAsync(ReadScope scope, CancellationToken cancellationToken)
    {
        if (scope.PermitsNoService)
        {
            return [];
        }

        using var json = await SearchAsync(Names(scope).AllServiceIndices, SpanQueries.ServiceNames(scope), cancellationToken).ConfigureAwait(false);
        var services = new List<string>();
        foreach (var bucket in Buckets(json.RootElement.GetProperty("aggregations").GetProperty("services")))
        {
            services.Add(StoredText.Of(bucket, "key"));
        }

        services.Sort(StringComparer.Ordinal);
        return services;
    }

    public async Task<IReadOnlyList<Operation>> GetOperationsAsync(ReadScope scope, string service, Span.Types.SpanKind? spanKind, CancellationToken cancellationToken)
    {
        if (!scope.Permits(service))
        {
            return [];
        }

        var kind = spanKind is { } k ? JaegerSpanDocument.KindName(k) : null;
        using var json = await SearchAsync(Names(scope).AllServiceIndices, SpanQueries.Operations(scope, service, kind), cancellationToken).ConfigureAwait(false);
        var operations = new List<Operation>();
        foreach (var bucket in Buckets(json.RootElement.GetProperty("aggregations").GetProperty("operations")))
        {
            var name = StoredText.Of(bucket, "key");
            foreach (var kindBucket in Buckets(bucket.GetProperty("kinds")))
            {
                operations.Add(new Operation(name, JaegerSpanDocument.ParseKind(StoredText.Of(kindBucket, "key"))));
            }
        }

        operations.Sort(static (a, b) =>
        {
            var byName = string.CompareOrdinal(a.Name, b.Name);
            return byName != 0 ? byName : a.SpanKind.CompareTo(b.SpanKind);
        });
        return operations;
    }

    public async Task<IReadOnlyList<ScopedTrace>> FindTracesAsync(ReadScope scope, TraceQuery query, CancellationToken cancellationToken)
    {
        var ids = await FindTraceIdsAsync(scope, query, cancellationToken).ConfigureAwait(false);
        if (ids.Count == 0)
        {
            return [];
        }

        var traces = await LoadTracesAsync(scope, ids, cancellationToken).ConfigureAwait(false);
        var found = new List<ScopedTrace>(ids.Count);
        foreach (var id in ids)
        {
            if (traces.TryGetValue(id, out var trace))
            {
                found.Add(trace.ToScoped());
            }
        }

        return found;
    }

    public async Task<IReadOnlyList<TraceId>> FindTraceIdsAsync(ReadScope scope, TraceQuery query, CancellationToken cancellationToken)
    {
        if (scope.PermitsNoService || query.SearchDepth <= 0)
        {
            return [];
        }

        var depth = Math.Min(query.SearchDepth, options.MaxSearchDepth);
        var indices = Names(scope).SpanReadIndices(query.StartTimeMin, query.StartTimeMax);
        using var json = await SearchAsync(indices, SpanQueries.FindTraceIds(scope, query, depth), cancellationToken).ConfigureAwait(false);
        var ids = new List<TraceId>();
        foreach (var bucket in Buckets(json.RootElement.GetProperty("aggregations").GetProperty(SpanQueries.TracesAggregation)))
        {
            if (TraceId.TryParse(StoredText.Of(bucket, "key"), out var id))
            {
                ids.Add(id.Value);
            }
        }

        return ids;
    }

    public async Task<IReadOnlyList<ServiceDependency>> GetDependenciesAsync(ReadScope scope, TimeWindow window, CancellationToken cancellationToken)
    {
        if (scope.PermitsNoService)
        {
            return [];
        }

        var names = Names(scope);
        var children = new List<(string Trace, string Parent, string Service, bool Error)>();
        JsonArray? after = null;
        do
        {
            using var page = await SearchAsync(names.SpanReadIndices(window.Start, window.End), SpanQueries.ChildSpans(scope, window, options.PageSize, after), cancellationToken).ConfigureAwait(false);
            var count = 0;
            foreach (var hit in Hits(page))
            {
                count++;
                var source = StoredText.Readable(hit.GetProperty("_source"));
                children.Add((Text(source, "traceID"), Text(source, "parentSpanID"), ServiceOf(source), IsError(source)));
                after = JsonNode.Parse(hit.GetProperty("sort").GetRawText())!.AsArray();
            }

            Guard(children.Count);
            if (count < options.PageSize)
            {
                after = null;
            }
        }
        while (after is not null);

        var parents = new Dictionary<(string Trace, string Span), string>();
        foreach (var chunk in children.Chunk(1000))
        {
            var traces = chunk.Select(c => c.Trace).ToHashSet(StringComparer.Ordinal);
            var spans = chunk.Select(c => c.Parent).ToHashSet(StringComparer.Ordinal);
            using var found = await SearchAsync(names.AllSpanIndices, SpanQueries.SpansById(scope, traces, spans), cancellationToken).ConfigureAwait(false);
            foreach (var hit in Hits(found))
            {
                var source = StoredText.Readable(hit.GetProperty("_source"));
                parents[(Text(source, "traceID"), Text(source, "spanID"))] = ServiceOf(source);
            }
        }

        var edges = new Dictionary<(string Parent, string Child), (long Calls, long Errors)>();
        foreach (var child in children)
        {
            if (parents.TryGetValue((child.Trace, child.Parent), out var parent) && parent != child.Service)
            {
                var (calls, errors) = edges.GetValueOrDefault((parent, child.Service));
                edges[(parent, child.Service)] = (calls + 1, errors + (child.Error ? 1 : 0));
            }
        }

        return [.. edges
            .OrderBy(e => e.Key.Parent, StringComparer.Ordinal).ThenBy(e => e.Key.Child, StringComparer.Ordinal)
            .Select(e => new ServiceDependency(e.Key.Parent, e.Key.Child, e.Value.Calls, e.Value.Errors))];
    }

    private JaegerIndexNames Names(ReadScope scope) => JaegerIndexNames.For(connection, scope.Tenant);

    private async Task<Dictionary<TraceId, LoadedTrace>> LoadTracesAsync(ReadScope scope, IReadOnlyList<TraceId> ids, CancellationToken cancellationToken)
    {
        var traces = new Dictionary<TraceId, LoadedTrace>();
        if (scope.PermitsNoService)
        {
            return traces;
        }

        var indices = Names(scope).AllSpanIndices;
        var withheld = new Dictionary<string, int>(StringComparer.Ordinal);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        JsonArray? after = null;
        var loaded = 0;
        do
        {
            using var page = await SearchAsync(indices, SpanQueries.TraceSpans(scope, ids, options.PageSize, after), cancellationToken).ConfigureAwait(false);
            if (after is null && page.RootElement.TryGetProperty("aggregations", out var aggregations))
            {
                foreach (var bucket in Buckets(aggregations.GetProperty(SpanQueries.WithheldAggregation).GetProperty(SpanQueries.TracesAggregation)))
                {
                    withheld[StoredText.Of(bucket, "key")] = bucket.GetProperty("doc_count").GetInt32();
                }
            }

            after = null;
            var count = 0;
            foreach (var hit in Hits(page))
            {
                count++;
                var source = StoredText.Readable(hit.GetProperty("_source"));
                after = JsonNode.Parse(hit.GetProperty("sort").GetRawText())!.AsArray();

                // A replay through a rolled-over alias can leave one span in two indices; a trace shows it once.
                if (!seen.Add(StoredText.Of(hit, "_id")) || !TraceId.TryParse(Text(source, "traceID"), out var id))
                {
                    continue;
                }

                if (!traces.TryGetValue(id.Value, out var trace))
                {
                    trace = new LoadedTrace();
                    traces[id.Value] = trace;
                }

                trace.Add(JaegerSpanDocument.Read(source), JaegerSpanDocument.StartMicros(source));
            }

            loaded += count;
            Guard(loaded);
            if (count < options.PageSize)
            {
                after = null;
            }
        }
        while (after is not null);

        foreach (var (id, trace) in traces)
        {
            foreach (var form in SpanQueries.StoredForms(id))
            {
                trace.Withheld += withheld.GetValueOrDefault(form);
            }
        }

        return traces;
    }

    private void Guard(int spans)
    {
        if (spans > options.MaxSpansPerRead)
        {
            throw new TraceReadTooLargeException(
                $"The read needs more than {options.MaxSpansPerRead} spans; narrow the search, or raise {ElasticsearchReaderOptions.SectionName}:MaxSpansPerRead.");
        }
    }

    private async Task<JsonDocument> SearchAsync(string indices, JsonObject body, CancellationToken cancellationToken)
    {
        var response = await client.PostJsonAsync($"{indices}/_search?{SearchOptions}", JsonSerializer.SerializeToUtf8Bytes(body), cancellationToken).ConfigureAwait(false);
        return response.EnsureSuccess("Search", indices).Json();
    }

    private static IEnumerable<JsonElement> Hits(JsonDocument json) => json.RootElement.GetProperty("hits").GetProperty("hits").EnumerateArray();

    private static IEnumerable<JsonElement> Buckets(JsonElement aggregation) => aggregation.GetProperty("buckets").EnumerateArray();

    private static string Text(JsonElement element, string name) => StoredText.Of(element, name);

    private static string ServiceOf(JsonElement source) =>
        source.TryGetProperty("process", out var process) ? Text(process, "serviceName") : "";

    private static bool IsError(JsonElement source)
    {
        if (!source.TryGetProperty("tags", out var tags) || tags.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var tag in tags.EnumerateArray())
        {
            var (key, value) = (Text(tag, "key"), Text(tag, "value"));
            if ((key == "otel.status_code" && value == "ERROR") || (key == "error" && value == "true"))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The spans of one trace as read, grouped by identical resource and scope in the order first seen.</summary>
    private sealed class LoadedTrace
    {
        private readonly TracesData _trace = new();
        private readonly Dictionary<string, ResourceSpans> _resources = new(StringComparer.Ordinal);
        private readonly Dictionary<(string Resource, string Scope), ScopeSpans> _scopes = [];

        public List<long> StartsMicros { get; } = [];

        public int Withheld { get; set; }

        public void Add(ResourceSpans read, long startMicros)
        {
            StartsMicros.Add(startMicros);
            var resourceKey = Key(read.Resource?.ToByteString(), read.SchemaUrl);
            if (!_resources.TryGetValue(resourceKey, out var resource))
            {
                resource = new ResourceSpans { Resource = read.Resource, SchemaUrl = read.SchemaUrl };
                _resources[resourceKey] = resource;
                _trace.ResourceSpans.Add(resource);
            }

            foreach (var scopeSpans in read.ScopeSpans)
            {
                var scopeKey = Key(scopeSpans.Scope?.ToByteString(), scopeSpans.SchemaUrl);
                // Keyed by content, not by the message: protobuf messages hash by value, which changes as spans are added.
                if (!_scopes.TryGetValue((resourceKey, scopeKey), out var scope))
                {
                    scope = new ScopeSpans { Scope = scopeSpans.Scope, SchemaUrl = scopeSpans.SchemaUrl };
                    _scopes[(resourceKey, scopeKey)] = scope;
                    resource.ScopeSpans.Add(scope);
                }

                scope.Spans.AddRange(scopeSpans.Spans);
            }
        }

        public ScopedTrace ToScoped() => new(_trace, Withheld);

        private static string Key(ByteString? message, string schemaUrl) => (message ?? ByteString.Empty).ToBase64() + " " + schemaUrl;
    }
}
