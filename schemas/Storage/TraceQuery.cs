namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// A trace search (DESIGN §4). A trace matches when one of its spans satisfies every given condition.
/// Attribute values compare as exact strings (see <see cref="AttributeText"/>); nothing is a pattern.
/// </summary>
public sealed record TraceQuery
{
    public const int DefaultSearchDepth = 20;

    /// <summary>The resource's <c>service.name</c>, exact.</summary>
    public string? ServiceName { get; init; }

    /// <summary>The span name, exact.</summary>
    public string? OperationName { get; init; }

    /// <summary>Earliest span start, inclusive.</summary>
    public required DateTimeOffset StartTimeMin { get; init; }

    /// <summary>Latest span start, inclusive.</summary>
    public required DateTimeOffset StartTimeMax { get; init; }

    /// <summary>Minimum span duration, inclusive.</summary>
    public TimeSpan? DurationMin { get; init; }

    /// <summary>Maximum span duration, inclusive.</summary>
    public TimeSpan? DurationMax { get; init; }

    /// <summary>Key/value pairs found anywhere in the span's context: span, resource, scope, event or link attributes.</summary>
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>The most traces to return.</summary>
    public int SearchDepth { get; init; } = DefaultSearchDepth;
}
