using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>Counts the spans the ingester wrote; with no inner writer it is the null writer, which measures the pipeline without storage.</summary>
internal sealed class CountingTraceWriter(ITraceWriter? inner) : ITraceWriter
{
    private long _spans;

    public long Spans => Volatile.Read(ref _spans);

    public async Task WriteAsync(string tenant, IReadOnlyList<ResourceSpans> batch, CancellationToken cancellationToken)
    {
        if (inner is not null)
        {
            await inner.WriteAsync(tenant, batch, cancellationToken);
        }

        long spans = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            var scopes = batch[r].ScopeSpans;
            for (var s = 0; s < scopes.Count; s++)
            {
                spans += scopes[s].Spans.Count;
            }
        }

        Interlocked.Add(ref _spans, spans);
    }
}
