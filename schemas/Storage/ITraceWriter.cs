using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// The write half of a storage backend. Lives on the ingester side of the trust boundary. Writing is two steps:
/// <see cref="Prepare"/> turns one record's spans into the backend's own compact form (rows, documents) as soon as they
/// are decoded and redacted, so that the decoded messages die young; <see cref="WriteAsync(IReadOnlyList{PreparedSpans}, CancellationToken)"/>
/// then stores a batch of them. A batch that held the decoded messages instead kept ~50 objects a span alive across
/// garbage collections, and copying them cost more CPU than decoding them (docs/performance.md).
/// </summary>
public interface ITraceWriter
{
    /// <summary>
    /// Turns spans of one tenant into what this backend stores. Keeps no reference to <paramref name="spans"/>, which the
    /// caller may drop or reuse afterwards. Throws <see cref="ArgumentException"/> before preparing anything when the
    /// tenant or a span cannot be stored.
    /// </summary>
    /// <param name="tenant">
    /// The tenant the spans belong to: the record's <c>x-tenant</c> header, or <see cref="TenantName.Default"/> when
    /// it has none. Must satisfy <see cref="TenantName.IsValid"/>.
    /// </param>
    /// <param name="spans">The spans, with their resources and scopes.</param>
    PreparedSpans Prepare(string tenant, IReadOnlyList<ResourceSpans> spans);

    /// <summary>
    /// Writes spans this writer prepared, in order. The write is durable when the task completes, so the caller may then
    /// store Kafka offsets. Writing the same span twice (same tenant, trace id and span id) overwrites it: replays never
    /// duplicate. The same ids under another tenant are a different span: one tenant can never overwrite or extend
    /// another's data. A batch may be written again after a failed attempt.
    /// </summary>
    /// <param name="batch">Spans from this writer's <see cref="Prepare"/>, of any tenants.</param>
    /// <param name="cancellationToken">Cancels the write; a cancelled write may or may not have happened.</param>
    Task WriteAsync(IReadOnlyList<PreparedSpans> batch, CancellationToken cancellationToken);
}

/// <summary>Spans of one tenant in a backend's own form, from its <see cref="ITraceWriter.Prepare"/>; immutable.</summary>
public abstract class PreparedSpans(string tenant, int spanCount)
{
    public string Tenant { get; } = tenant;

    public int SpanCount { get; } = spanCount;

    /// <summary>The batch's items as the writer's own type, or an <see cref="ArgumentException"/> naming the stranger.</summary>
    public static T[] Of<T>(IReadOnlyList<PreparedSpans> batch, string writer)
        where T : PreparedSpans
    {
        var own = new T[batch.Count];
        for (var i = 0; i < own.Length; i++)
        {
            own[i] = batch[i] as T
                ?? throw new ArgumentException($"The batch holds {batch[i].GetType().Name}, which {writer} did not prepare; write only what the same writer prepared.", nameof(batch));
        }

        return own;
    }
}

/// <summary>One-step writes, for callers that hold a whole batch anyway (tests, tools, store fills).</summary>
public static class TraceWriterExtensions
{
    /// <summary>Prepares and writes the spans of one tenant; see <see cref="ITraceWriter"/>.</summary>
    public static Task WriteAsync(this ITraceWriter writer, string tenant, IReadOnlyList<ResourceSpans> spans, CancellationToken cancellationToken) =>
        writer.WriteAsync([writer.Prepare(tenant, spans)], cancellationToken);
}
