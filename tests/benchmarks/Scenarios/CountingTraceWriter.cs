using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>Counts the spans the ingester wrote; with no inner writer it is the null writer, which measures the pipeline without storage.</summary>
internal sealed class CountingTraceWriter(ITraceWriter? inner) : ITraceWriter
{
    private long _spans;

    public long Spans => Volatile.Read(ref _spans);

    public PreparedSpans Prepare(string tenant, IReadOnlyList<ResourceSpans> spans) =>
        inner?.Prepare(tenant, spans) ?? new Counted(tenant, CountSpans(spans));

    public async Task WriteAsync(IReadOnlyList<PreparedSpans> batch, CancellationToken cancellationToken)
    {
        if (inner is not null)
        {
            await inner.WriteAsync(batch, cancellationToken);
        }

        long spans = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            spans += batch[i].SpanCount;
        }

        Interlocked.Add(ref _spans, spans);
    }

    private static int CountSpans(IReadOnlyList<ResourceSpans> spans)
    {
        var count = 0;
        for (var r = 0; r < spans.Count; r++)
        {
            var scopes = spans[r].ScopeSpans;
            for (var s = 0; s < scopes.Count; s++)
            {
                count += scopes[s].Spans.Count;
            }
        }

        return count;
    }

    /// <summary>What the null writer keeps of a record: its tenant and span count.</summary>
    private sealed class Counted(string tenant, int spans) : PreparedSpans(tenant, spans);
}
