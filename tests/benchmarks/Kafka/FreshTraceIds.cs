using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Benchmarks.Kafka;

/// <summary>
/// Gives each produced copy of a template record a trace id never used before, so the store inserts rather than
/// overwrites. The id's 16 bytes are patched in place in a copy of the encoded value: no re-encoding per record.
/// One instance per producing thread.
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
}
