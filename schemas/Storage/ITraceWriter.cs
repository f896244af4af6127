using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>The write half of a storage backend. Lives on the ingester side of the trust boundary.</summary>
public interface ITraceWriter
{
    /// <summary>
    /// Writes spans. The write is durable when the task completes, so the caller may then store Kafka offsets.
    /// Writing the same span twice (same trace id and span id) overwrites it: replays never duplicate.
    /// </summary>
    Task WriteAsync(IReadOnlyList<ResourceSpans> batch, CancellationToken cancellationToken);
}
