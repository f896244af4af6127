using Google.Protobuf;
using Jaeger.Streaming.Schemas;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>One send of a <see cref="FreshTraceBodies"/>: its sequence number and which template it copies; enough to name its traces.</summary>
internal readonly record struct FreshSend(long Number, int Template);

/// <summary>
/// Encoded copies of a <see cref="RealisticLoad"/>'s requests in which every trace has an id never sent before, so
/// the caller can tell afterwards exactly which traces (and how many spans of each) a given answer accepted. The ids
/// are patched into a copy of the template's bytes at offsets found once: no re-encoding per send. Thread-safe.
/// </summary>
internal sealed class FreshTraceBodies
{
    // A request holds at most SpansPerRequest traces, so a send's ids are (run, send * this + trace index).
    private const int IdsPerSend = 256;

    private readonly IReadOnlyList<byte[]> _templates;
    private readonly int[][][] _offsets;
    private readonly int[][] _spans;
    private readonly ulong _run = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    private long _sends;

    public FreshTraceBodies(RealisticLoad load)
    {
        _templates = load.Bodies;
        _offsets = new int[load.Requests.Count][][];
        _spans = new int[load.Requests.Count][];
        for (var r = 0; r < load.Requests.Count; r++)
        {
            var byTrace = new Dictionary<ByteString, int>();
            foreach (var resourceSpans in load.Requests[r].ResourceSpans)
            {
                foreach (var span in resourceSpans.ScopeSpans[0].Spans)
                {
                    byTrace[span.TraceId] = byTrace.GetValueOrDefault(span.TraceId) + 1;
                }
            }

            _offsets[r] = new int[byTrace.Count][];
            _spans[r] = new int[byTrace.Count];
            var t = 0;
            foreach (var (traceId, spans) in byTrace)
            {
                _offsets[r][t] = Occurrences(_templates[r], traceId.Span, spans);
                _spans[r][t++] = spans;
            }
        }
    }

    /// <summary>The mean size of a body, in bytes.</summary>
    public double MeanBodyBytes
    {
        get
        {
            long bytes = 0;
            foreach (var template in _templates)
            {
                bytes += template.Length;
            }

            return (double)bytes / _templates.Count;
        }
    }

    /// <summary>The next send and its encoded body, a fresh copy the caller owns.</summary>
    public (FreshSend Send, byte[] Body) Next()
    {
        var send = Interlocked.Increment(ref _sends) - 1;
        var template = (int)(send % _templates.Count);
        var body = _templates[template].AsSpan().ToArray();
        Span<byte> id = stackalloc byte[TraceId.Length];
        var offsets = _offsets[template];
        for (var t = 0; t < offsets.Length; t++)
        {
            TraceIdOf(send, t).WriteTo(id);
            foreach (var at in offsets[t])
            {
                id.CopyTo(body.AsSpan(at));
            }
        }

        return (new FreshSend(send, template), body);
    }

    /// <summary>The last send <see cref="Next"/> gave out; only once it has given one.</summary>
    public FreshSend Last
    {
        get
        {
            var number = Interlocked.Read(ref _sends) - 1;
            return number >= 0 ? new FreshSend(number, (int)(number % _templates.Count)) : throw new InvalidOperationException("Nothing was sent yet.");
        }
    }

    /// <summary>The number of traces in a send.</summary>
    public int TraceCount(FreshSend send) => _spans[send.Template].Length;

    /// <summary>The id and span count of trace <paramref name="index"/> of a send.</summary>
    public (TraceId Id, int Spans) Trace(FreshSend send, int index) => (TraceIdOf(send.Number, index), _spans[send.Template][index]);

    private TraceId TraceIdOf(long send, int index) => new(_run, ((ulong)send * IdsPerSend) + (ulong)index);

    /// <summary>Where a trace id sits in the encoded request: once per span, as each span's trace_id field.</summary>
    private static int[] Occurrences(byte[] body, ReadOnlySpan<byte> traceId, int spans)
    {
        var offsets = new List<int>(spans);
        var from = 0;
        int at;
        while ((at = body.AsSpan(from).IndexOf(traceId)) >= 0)
        {
            offsets.Add(from + at);
            from += at + TraceId.Length;
        }

        // A random 16-byte id matching elsewhere is vanishingly unlikely, but a miscount would corrupt the loss figures.
        return offsets.Count == spans
            ? [.. offsets]
            : throw new InvalidOperationException($"A trace id of {spans} spans occurs {offsets.Count} times in its encoded request; the load's ids are not unique.");
    }
}
