namespace Jaeger.Streaming.Collector.Boundary.RateLimiting;

/// <summary>
/// Span rate limits (threat model B1: DoS by span flooding). Bound from <c>Collector:RateLimits</c>. Every limit is off
/// by default, so a fresh all-in-one accepts whatever its clients send; production profiles set at least
/// <c>PerService</c>. A request over any limit is refused whole, before anything is published.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Collector:RateLimits";

    /// <summary>All spans the collector accepts, across services and tenants.</summary>
    public SpanQuota Global { get; set; } = new();

    /// <summary>The default bucket of each <c>service.name</c>.</summary>
    public SpanQuota PerService { get; set; } = new();

    /// <summary>Per-service overrides, keyed by <c>service.name</c>: <c>Collector:RateLimits:Services:checkout:SpansPerSecond</c>.</summary>
    public Dictionary<string, SpanQuota> Services { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The default bucket of each tenant; applies only when producer authentication is on.</summary>
    public SpanQuota PerTenant { get; set; } = new();

    /// <summary>Per-tenant overrides, keyed by tenant.</summary>
    public Dictionary<string, SpanQuota> Tenants { get; set; } = new(StringComparer.Ordinal);

    /// <summary>
    /// How many distinct service names (and tenants) get a bucket of their own. Names beyond this while the table
    /// is full share one overflow bucket of the <c>PerService</c> size, so memory stays bounded however many names a
    /// client invents. Default 10000.
    /// </summary>
    public int MaxTrackedServices { get; set; } = 10_000;
}
