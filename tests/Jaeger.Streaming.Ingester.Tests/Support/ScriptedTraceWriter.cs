using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Tests.Support;

/// <summary>Wraps the real store's writer to count writes and to fail or stall them on cue.</summary>
internal sealed class ScriptedTraceWriter(ITraceWriter real) : ITraceWriter, IDisposable
{
    private int _attempts;
    private int _writes;
    private int _spans;

    /// <summary>This many attempts fail before any reaches the store.</summary>
    public int FailFirstAttempts { get; init; }

    /// <summary>After this many successful writes, every write hangs until it is cancelled.</summary>
    public int StallAfterWrites { get; init; } = int.MaxValue;

    public int Attempts => Volatile.Read(ref _attempts);

    public int SpansWritten => Volatile.Read(ref _spans);

    public PreparedSpans Prepare(string tenant, IReadOnlyList<ResourceSpans> spans) => real.Prepare(tenant, spans);

    public async Task WriteAsync(IReadOnlyList<PreparedSpans> batch, CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref _attempts) <= FailFirstAttempts)
        {
            throw new IOException("Storage is unavailable (scripted).");
        }

        if (Volatile.Read(ref _writes) >= StallAfterWrites)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        await real.WriteAsync(batch, cancellationToken);
        Interlocked.Increment(ref _writes);
        Interlocked.Add(ref _spans, batch.Sum(prepared => prepared.SpanCount));
    }

    public void Dispose() => (real as IDisposable)?.Dispose();
}
