using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>The read half of a storage backend. The query service sees only this.</summary>
public interface ITraceReader
{
    /// <summary>All spans of one trace, grouped by resource and scope; null when nothing is stored for the id.</summary>
    Task<TracesData?> GetTraceAsync(TraceId traceId, TimeWindow? window, CancellationToken cancellationToken);

    /// <summary>Service names (<c>service.name</c>) of the spans written, sorted.</summary>
    Task<IReadOnlyList<string>> GetServicesAsync(CancellationToken cancellationToken);

    /// <summary>Span names of a service, with their kinds, optionally for one kind only.</summary>
    Task<IReadOnlyList<Operation>> GetOperationsAsync(string service, Span.Types.SpanKind? spanKind, CancellationToken cancellationToken);

    /// <summary>Whole traces matching <paramref name="query"/> (DESIGN §4), newest first, at most <see cref="TraceQuery.SearchDepth"/>.</summary>
    Task<IReadOnlyList<TracesData>> FindTracesAsync(TraceQuery query, CancellationToken cancellationToken);

    /// <summary>The ids of the traces <see cref="FindTracesAsync"/> would return, in the same order.</summary>
    Task<IReadOnlyList<TraceId>> FindTraceIdsAsync(TraceQuery query, CancellationToken cancellationToken);
}

/// <summary>A span name of a service and the kind it was recorded with.</summary>
public sealed record Operation(string Name, Span.Types.SpanKind SpanKind);

/// <summary>An inclusive time range.</summary>
public readonly record struct TimeWindow(DateTimeOffset Start, DateTimeOffset End);
