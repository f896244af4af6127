using System.Runtime.InteropServices;
using Jaeger.Streaming.Collector.Pipeline;
using Jaeger.Streaming.Schemas;

namespace Jaeger.Streaming.Collector.Wire;

/// <summary>
/// Where a clean request's resources, scopes and spans lie in its body, with its spans chained by trace in request
/// order. It holds offsets, not the body, so it is valid only with the body it was scanned from.
/// </summary>
internal sealed class WireRequest
{
    private readonly Dictionary<TraceId, int> _traceIndex = [];

    public List<WireResource> Resources { get; } = [];

    public List<WireScope> Scopes { get; } = [];

    public List<WireSpan> Spans { get; } = [];

    /// <summary>The request's traces in the order their first span appears.</summary>
    public List<WireTrace> Traces { get; } = [];

    public SpanCensus Census { get; } = new();

    public void AddSpan(TraceId traceId, int scope, int start, int length)
    {
        var index = Spans.Count;
        Spans.Add(new WireSpan(scope, start, length));
        ref var trace = ref CollectionsMarshal.GetValueRefOrAddDefault(_traceIndex, traceId, out var known);
        if (!known)
        {
            trace = Traces.Count;
            Traces.Add(new WireTrace(traceId, index));
            return;
        }

        var traces = CollectionsMarshal.AsSpan(Traces);
        CollectionsMarshal.AsSpan(Spans)[traces[trace].Last].Next = index;
        traces[trace].Last = index;
    }
}

/// <summary>A ResourceSpans: its Resource message's bytes (<see cref="Start"/> below 0 when it has none) and schema_url.</summary>
internal readonly record struct WireResource(int Start, int Length, int SchemaUrlStart, int SchemaUrlLength);

/// <summary>A ScopeSpans of resource <see cref="Resource"/>: its InstrumentationScope's bytes (<see cref="Start"/> below 0 when none) and schema_url.</summary>
internal readonly record struct WireScope(int Resource, int Start, int Length, int SchemaUrlStart, int SchemaUrlLength);

/// <summary>A Span message's bytes, under scope <see cref="Scope"/>; <see cref="Next"/> is the trace's next span, or -1.</summary>
internal record struct WireSpan(int Scope, int Start, int Length)
{
    public int Next { get; set; } = -1;
}

/// <summary>One trace of the request: its id and its first and last spans.</summary>
internal record struct WireTrace(TraceId Id, int First)
{
    public int Last { get; set; } = First;
}
