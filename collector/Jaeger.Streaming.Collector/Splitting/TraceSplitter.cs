using Jaeger.Streaming.Schemas;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Splitting;

/// <summary>
/// Splits a request into one request per trace id, keeping each span under its own resource and scope (with their
/// schema URLs), as the OTel kafkaexporter's <c>partition_traces_by_id</c> does. Expects validated trace ids.
/// </summary>
internal sealed class TraceSplitter
{
    public List<TraceBatch> Split(ExportTraceServiceRequest request)
    {
        var traces = new Dictionary<TraceId, TraceBuilder>();
        var order = new List<TraceBuilder>();
        var resources = request.ResourceSpans;
        for (var r = 0; r < resources.Count; r++)
        {
            var scopes = resources[r].ScopeSpans;
            for (var s = 0; s < scopes.Count; s++)
            {
                var spans = scopes[s].Spans;
                for (var i = 0; i < spans.Count; i++)
                {
                    var span = spans[i];
                    var traceId = TraceId.FromBytes(span.TraceId.Span);
                    if (!traces.TryGetValue(traceId, out var trace))
                    {
                        trace = new TraceBuilder(traceId);
                        traces.Add(traceId, trace);
                        order.Add(trace);
                    }

                    trace.Add(resources[r], scopes[s], span);
                }
            }
        }

        var batches = new List<TraceBatch>(order.Count);
        foreach (var trace in order)
        {
            batches.Add(new TraceBatch(trace.TraceId, trace.Request));
        }

        return batches;
    }

    /// <summary>
    /// Builds one trace's request. Spans arrive in request order, so a new resource or scope only ever follows
    /// the previous one; comparing to the last seen is enough. Resource and scope messages are shared, not copied.
    /// </summary>
    private sealed class TraceBuilder(TraceId traceId)
    {
        private ResourceSpans? _sourceResource;
        private ScopeSpans? _sourceScope;
        private ResourceSpans? _resource;
        private ScopeSpans? _scope;

        public TraceId TraceId { get; } = traceId;

        public ExportTraceServiceRequest Request { get; } = new();

        public void Add(ResourceSpans sourceResource, ScopeSpans sourceScope, Span span)
        {
            if (!ReferenceEquals(sourceResource, _sourceResource))
            {
                _sourceResource = sourceResource;
                _sourceScope = null;
                _resource = new ResourceSpans { Resource = sourceResource.Resource, SchemaUrl = sourceResource.SchemaUrl };
                Request.ResourceSpans.Add(_resource);
            }

            if (!ReferenceEquals(sourceScope, _sourceScope))
            {
                _sourceScope = sourceScope;
                _scope = new ScopeSpans { Scope = sourceScope.Scope, SchemaUrl = sourceScope.SchemaUrl };
                _resource!.ScopeSpans.Add(_scope);
            }

            _scope!.Spans.Add(span);
        }
    }
}
