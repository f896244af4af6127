namespace Jaeger.Streaming.Collector.Boundary.RateLimiting;

/// <summary>Whether a request fits the rate limits; when not, which limit and when to retry.</summary>
internal readonly record struct Throttle(bool Refused, string Message, TimeSpan RetryAfter)
{
    public static Throttle None => default;
}
