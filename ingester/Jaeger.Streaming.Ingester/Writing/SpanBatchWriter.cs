using Jaeger.Streaming.Ingester.Retrying;
using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Writing;

/// <summary>
/// The pipeline's last step: writes a batch's spans through the storage backend, retrying until the write is durable.
/// Only when this completes may the consumer store the batch's offsets.
/// </summary>
internal sealed class SpanBatchWriter(ITraceWriter writer, PersistentRetry retry)
{
    public Task WriteAsync(IReadOnlyList<ResourceSpans> batch, CancellationToken cancellationToken) =>
        batch.Count == 0
            ? Task.CompletedTask
            : retry.RunAsync("Writing spans to storage", ct => writer.WriteAsync(batch, ct), cancellationToken);
}
