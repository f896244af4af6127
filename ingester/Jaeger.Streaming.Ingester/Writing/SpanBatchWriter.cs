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
    /// <summary>One record's spans in the storage backend's own form, so that the decoded messages can be dropped at once.</summary>
    public PreparedSpans Prepare(string tenant, IReadOnlyList<ResourceSpans> spans) => writer.Prepare(tenant, spans);

    /// <summary>Writes a batch of prepared spans as one storage write, retried as a whole until it is durable.</summary>
    public Task WriteAsync(IReadOnlyList<PreparedSpans> batch, CancellationToken cancellationToken)
    {
        if (batch.Count == 0)
        {
            return Task.CompletedTask;
        }

        var attempts = 0;
        return retry.RunAsync("Writing spans to storage", ct => AttemptAsync(batch, ++attempts, ct), cancellationToken);
    }

    private async Task AttemptAsync(IReadOnlyList<PreparedSpans> batch, int attempt, CancellationToken cancellationToken)
    {
        if (attempt > 1)
        {
            metrics.StorageWriteRetried();
        }

        var started = time.GetTimestamp();
        try
        {
            await writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
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

    private static int CountSpans(IReadOnlyList<PreparedSpans> batch)
    {
        var spans = 0;
        for (var i = 0; i < batch.Count; i++)
        {
            spans += batch[i].SpanCount;
        }

        return spans;
    }
}
