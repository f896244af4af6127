namespace Jaeger.Streaming.Collector.Boundary.Limits;

/// <summary>
/// Schema limits on what one request may carry (threat model B1: data poisoning and span flooding). Bound from
/// <c>Collector:Limits</c>. A span over a count or key limit is rejected in OTLP partial success; an over-long
/// attribute value is truncated and counted in <see cref="TruncatedValuesAttribute"/>, not rejected.
/// </summary>
public sealed class SpanLimits
{
    public const string Section = "Collector:Limits";

    /// <summary>The marker attribute (int) set on a span, scope or resource whose attribute values were truncated: how many.</summary>
    public const string TruncatedValuesAttribute = "jaeger.collector.truncated_values";

    /// <summary>Spans beyond this many in one request are rejected in partial success. Default 50000.</summary>
    public int MaxSpansPerRequest { get; set; } = 50_000;

    /// <summary>A span with more attributes is rejected. Default 256.</summary>
    public int MaxAttributesPerSpan { get; set; } = 256;

    /// <summary>A resource with more attributes has all its spans rejected. Default 256.</summary>
    public int MaxAttributesPerResource { get; set; } = 256;

    /// <summary>An instrumentation scope with more attributes has all its spans rejected. Default 256.</summary>
    public int MaxAttributesPerScope { get; set; } = 256;

    /// <summary>A span with an event carrying more attributes is rejected. Default 128.</summary>
    public int MaxAttributesPerEvent { get; set; } = 128;

    /// <summary>A span with a link carrying more attributes is rejected. Default 128.</summary>
    public int MaxAttributesPerLink { get; set; } = 128;

    /// <summary>A span with more events is rejected. Default 1024.</summary>
    public int MaxEventsPerSpan { get; set; } = 1024;

    /// <summary>A span with more links is rejected. Default 1024.</summary>
    public int MaxLinksPerSpan { get; set; } = 1024;

    /// <summary>
    /// Longest attribute key, in UTF-16 characters, anywhere (span, resource, scope, event, link, nested maps).
    /// A key is an identity, so an over-long one rejects its span rather than being cut. Default 256.
    /// </summary>
    public int MaxAttributeKeyLength { get; set; } = 256;

    /// <summary>
    /// Longest string value (UTF-16 characters) or bytes value (bytes), anywhere, nested ones included. Longer values
    /// are truncated to this length and counted in <see cref="TruncatedValuesAttribute"/>. Default 16384.
    /// </summary>
    public int MaxAttributeValueLength { get; set; } = 16 * 1024;

    /// <summary>A span whose name (the operation) is longer, in UTF-16 characters, is rejected. Default 1024.</summary>
    public int MaxSpanNameLength { get; set; } = 1024;

    /// <summary>
    /// A span that ended longer ago than this is rejected (it would land outside retention). <c>00:00:00</c>, the
    /// default, turns the check off, because replaying or backfilling old traces is legitimate; production profiles
    /// should set it to their retention, e.g. <c>7.00:00:00</c>.
    /// </summary>
    public TimeSpan MaxSpanAge { get; set; }

    /// <summary>
    /// A span that ends further in the future than this (client clock skew allowance) is rejected.
    /// <c>00:00:00</c> turns the check off. Default 1 hour.
    /// </summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromHours(1);
}
