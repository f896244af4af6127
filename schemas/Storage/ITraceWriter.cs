using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>The write half of a storage backend. Lives on the ingester side of the trust boundary.</summary>
public interface ITraceWriter
{
    /// <summary>
    /// Writes spans of one tenant. The write is durable when the task completes, so the caller may then store Kafka offsets.
    /// Writing the same span twice (same tenant, trace id and span id) overwrites it: replays never duplicate.
    /// The same ids under another tenant are a different span: one tenant can never overwrite or extend another's data.
    /// </summary>
    /// <param name="tenant">
    /// The tenant the spans belong to: the record's <c>x-tenant</c> header, or <see cref="TenantName.Default"/> when
    /// it has none. Must satisfy <see cref="TenantName.IsValid"/>; otherwise the writer throws <see cref="ArgumentException"/>
    /// before writing anything.
    /// </param>
    /// <param name="batch">The spans, with their resources and scopes.</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write may or may not have happened.</param>
    Task WriteAsync(string tenant, IReadOnlyList<ResourceSpans> batch, CancellationToken cancellationToken);
}
