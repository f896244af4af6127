using Google.Protobuf;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Kafka;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Kafka;

/// <summary>
/// Gives each produced copy of a template record, or each written copy of a decoded trace, a trace id never used
/// before, so the store inserts rather than overwrites. Neither is re-encoded: a record's id is patched in place in a
/// copy of its encoded value, a decoded trace's spans get the new id. One instance per producing or writing thread.
/// </summary>
internal sealed class FreshTraceIds
{
    private readonly ulong _run = (ulong)Random.Shared.NextInt64(1, long.MaxValue);
    private ulong _next;

    public (byte[] Key, byte[] Value) Next(SpanRecord template)
    {
        var id = new TraceId(_run, ++_next);
        Span<byte> idBytes = stackalloc byte[TraceId.Length];
        id.WriteTo(idBytes);

        var value = template.Value.AsSpan().ToArray();
        var rest = value.AsSpan();
        int at;

        // A random 16-byte id appears only as the span's trace_id field; any other match is vanishingly unlikely.
        while ((at = rest.IndexOf(template.TraceId)) >= 0)
        {
            idBytes.CopyTo(rest[at..]);
            rest = rest[(at + TraceId.Length)..];
        }

        return (SpanRecordContract.KeyFor(id), value);
    }

    /// <summary>Moves every span of one decoded trace to the next fresh id, in place; the caller must be done with the previous copy.</summary>
    public void Stamp(IReadOnlyList<ResourceSpans> trace)
    {
        Span<byte> idBytes = stackalloc byte[TraceId.Length];
        new TraceId(_run, ++_next).WriteTo(idBytes);
        var id = ByteString.CopyFrom(idBytes);
        for (var r = 0; r < trace.Count; r++)
        {
            var scopes = trace[r].ScopeSpans;
            for (var s = 0; s < scopes.Count; s++)
            {
                var spans = scopes[s].Spans;
                for (var i = 0; i < spans.Count; i++)
                {
                    spans[i].TraceId = id;
                }
            }
        }
    }
}
