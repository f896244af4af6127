using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// The read half of a storage backend. The query service sees only this.
/// </summary>
/// <remarks>
/// Every call takes a <see cref="ReadScope"/>: it reads only the scope's tenant, and only spans of services the scope
/// permits. The scope is part of the storage query itself, so depths and counts are those of the permitted data:
/// a search with depth 20 returns up to 20 traces that match on permitted spans, never fewer because some were
/// filtered out afterwards. Forbidden data is never read into a result, never counted except as
/// <see cref="ScopedTrace.WithheldSpans"/>, and never distinguishable from absent data except by that count.
/// </remarks>
public interface ITraceReader
{
    /// <summary>
    /// The permitted spans of one trace, grouped by resource and scope, with the number of its spans withheld by the
    /// scope. Null when no span of the trace is stored in the scope's tenant, or none of them is permitted (a caller
    /// answers 404 either way, so a forbidden trace looks absent), or a <paramref name="window"/> is given and no
    /// permitted span starts inside it.
    /// </summary>
    Task<ScopedTrace?> GetTraceAsync(ReadScope scope, TraceId traceId, TimeWindow? window, CancellationToken cancellationToken);

    /// <summary>Service names (<c>service.name</c>) of the spans written to the scope's tenant that the scope permits, sorted ordinally.</summary>
    Task<IReadOnlyList<string>> GetServicesAsync(ReadScope scope, CancellationToken cancellationToken);

    /// <summary>
    /// Span names of a service in the scope's tenant, with their kinds, optionally for one kind only.
    /// Empty when the scope does not permit <paramref name="service"/>.
    /// </summary>
    Task<IReadOnlyList<Operation>> GetOperationsAsync(ReadScope scope, string service, Span.Types.SpanKind? spanKind, CancellationToken cancellationToken);

    /// <summary>
    /// Traces matching <paramref name="query"/> (DESIGN §4) among the scope's permitted spans, newest first, at most
    /// <see cref="TraceQuery.SearchDepth"/>. A trace matches when one of its <em>permitted</em> spans satisfies every
    /// condition, and it is returned as <see cref="GetTraceAsync"/> would: permitted spans only, with the withheld count.
    /// A query for a service the scope does not permit finds nothing; the query service checks
    /// <see cref="ReadScope.Permits"/> first and answers 403.
    /// </summary>
    Task<IReadOnlyList<ScopedTrace>> FindTracesAsync(ReadScope scope, TraceQuery query, CancellationToken cancellationToken);

    /// <summary>The ids of the traces <see cref="FindTracesAsync"/> would return, in the same order.</summary>
    Task<IReadOnlyList<TraceId>> FindTraceIdsAsync(ReadScope scope, TraceQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// The service map of the scope's tenant: for each pair of services, how many spans of the child service have a
    /// parent span (same trace, by parent span id) in the parent service, and how many of those child spans have status
    /// error. Only edges between different services are returned, and only when the scope permits both services.
    /// A child span counts when it starts inside <paramref name="window"/> (inclusive); its parent may start anywhere.
    /// Sorted by parent, then child, ordinally.
    /// </summary>
    Task<IReadOnlyList<ServiceDependency>> GetDependenciesAsync(ReadScope scope, TimeWindow window, CancellationToken cancellationToken);
}

/// <summary>A span name of a service and the kind it was recorded with.</summary>
public sealed record Operation(string Name, Span.Types.SpanKind SpanKind);

/// <summary>An inclusive time range.</summary>
public readonly record struct TimeWindow(DateTimeOffset Start, DateTimeOffset End);
