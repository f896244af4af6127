using Google.Protobuf;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>
/// A <see cref="RealisticLoad"/>'s requests as one storage batch, re-stamped in place for every copy: each trace gets
/// an id never used before and every span moves to a new start time, so a store fills with distinct traces spread
/// over time without cloning a message per copy. The batch is mutated by <see cref="Restamp"/>: a caller must be
/// done with one copy (its write completed) before stamping the next. One instance per writing task.
/// </summary>
internal sealed class RestampedLoad
{
    private readonly Span[][] _traces;
    private readonly TraceId[] _ids;
    private readonly ulong _run = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    private readonly ulong _templateStartNanos;
    private ulong _next;
    private long _appliedShiftNanos;

    public RestampedLoad(RealisticLoad load)
    {
        var batch = new List<ResourceSpans>();
        var byTrace = new Dictionary<ByteString, List<Span>>();
        var start = ulong.MaxValue;
        foreach (var request in load.Requests)
        {
            foreach (var resourceSpans in request.ResourceSpans)
            {
                batch.Add(resourceSpans);
                foreach (var span in resourceSpans.ScopeSpans[0].Spans)
                {
                    if (!byTrace.TryGetValue(span.TraceId, out var spans))
                    {
                        byTrace[span.TraceId] = spans = [];
                    }

                    spans.Add(span);
                    start = Math.Min(start, span.StartTimeUnixNano);
                    Spans++;
                }
            }
        }

        Batch = batch;
        _traces = [.. byTrace.Values.Select(spans => spans.ToArray())];
        _ids = new TraceId[_traces.Length];
        _templateStartNanos = start;
    }

    /// <summary>The spans of every request, grouped by resource as the requests group them.</summary>
    public IReadOnlyList<ResourceSpans> Batch { get; }

    public int Spans { get; }

    public int Traces => _traces.Length;

    /// <summary>The trace ids of the current copy.</summary>
    public ReadOnlySpan<TraceId> Ids => _ids;

    /// <summary>Gives every trace a fresh id and moves the batch so that its earliest span starts at <paramref name="start"/>.</summary>
    public void Restamp(DateTimeOffset start)
    {
        var shift = (long)(Otlp.ToUnixNanos(start) - _templateStartNanos);
        var delta = (ulong)(shift - _appliedShiftNanos);
        _appliedShiftNanos = shift;
        Span<byte> idBytes = stackalloc byte[TraceId.Length];
        for (var t = 0; t < _traces.Length; t++)
        {
            _ids[t] = new TraceId(_run, ++_next);
            _ids[t].WriteTo(idBytes);
            var id = ByteString.CopyFrom(idBytes);
            foreach (var span in _traces[t])
            {
                span.TraceId = id;

                // Unsigned wrap-around adds a negative delta correctly.
                span.StartTimeUnixNano = unchecked(span.StartTimeUnixNano + delta);
                span.EndTimeUnixNano = unchecked(span.EndTimeUnixNano + delta);
                foreach (var spanEvent in span.Events)
                {
                    spanEvent.TimeUnixNano = unchecked(spanEvent.TimeUnixNano + delta);
                }
            }
        }
    }
}
