using Jaeger.Streaming.Ingester.Health;
using Jaeger.Streaming.Ingester.Retrying;
using Jaeger.Streaming.Ingester.Telemetry;
using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Writing;

/// <summary>
/// The pipeline's last step: writes a batch's spans through the storage backend, retrying until the write is durable.
/// Only when this completes may the consumer store the batch's offsets. Each attempt is timed and counted, and its
/// outcome tells readiness whether the storage is up.
/// </summary>
internal sealed class SpanBatchWriter(
    ITraceWriter writer,
    PersistentRetry retry,
    IngesterMetrics metrics,
    IngesterReadiness readiness,
    TimeProvider time)
{
    /// <summary>Writes each tenant's spans as one storage write, one tenant after another; a failed write is retried alone.</summary>
    public async Task WriteAsync(IReadOnlyDictionary<string, List<ResourceSpans>> spansByTenant, CancellationToken cancellationToken)
    {
        foreach (var (tenant, batch) in spansByTenant)
        {
            await WriteAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        }
    }

    public Task WriteAsync(string tenant, IReadOnlyList<ResourceSpans> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return Task.CompletedTask;
        }

        var attempts = 0;
        return retry.RunAsync("Writing spans to storage", ct => AttemptAsync(tenant, batch, ++attempts, ct), cancellationToken);
    }

    private async Task AttemptAsync(string tenant, IReadOnlyList<ResourceSpans> batch, int attempt, CancellationToken cancellationToken)
    {
        if (attempt > 1)
        {
            metrics.StorageWriteRetried();
        }

        var started = time.GetTimestamp();
        try
        {
            await writer.WriteAsync(tenant, batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.StorageWriteFailed();
            readiness.StorageFailed();
            throw;
        }

        metrics.StorageWritten(time.GetElapsedTime(started), CountSpans(batch));
        readiness.StorageSucceeded();
    }

    private static int CountSpans(IReadOnlyList<ResourceSpans> batch)
    {
        var spans = 0;
        for (var r = 0; r < batch.Count; r++)
        {
            var scopes = batch[r].ScopeSpans;
            for (var s = 0; s < scopes.Count; s++)
            {
                spans += scopes[s].Spans.Count;
            }
        }

        return spans;
    }
}
