namespace Jaeger.Streaming.Collector.Boundary.RateLimiting;

/// <summary>
/// Whether a request fits the rate limits; when not, which bucket refused it (its kind, and the service or tenant
/// it belongs to as the limiter tracks it, possibly <see cref="TrackedKeys.Overflow"/>) and when to retry.
/// </summary>
internal readonly record struct Throttle(bool Refused, string Message, TimeSpan RetryAfter, ThrottleLimit Limit, string Key)
{
    public static Throttle None => default;
}

/// <summary>The kind of bucket that refused a request.</summary>
internal enum ThrottleLimit
{
    Service,
    Tenant,
    Global,
}
