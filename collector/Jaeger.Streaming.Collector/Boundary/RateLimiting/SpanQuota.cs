namespace Jaeger.Streaming.Collector.Boundary.RateLimiting;

/// <summary>A token bucket of spans: a sustained rate and a burst. <c>SpansPerSecond</c> 0 means unlimited.</summary>
public sealed class SpanQuota
{
    /// <summary>Spans per second refilled into the bucket. 0 (the default) turns this limit off.</summary>
    public int SpansPerSecond { get; set; }

    /// <summary>The bucket's size: the most spans accepted at once after a quiet spell. 0 (the default) means one second's worth.</summary>
    public int Burst { get; set; }

    internal bool IsLimited => SpansPerSecond > 0;

    internal int BucketSize => Burst > 0 ? Burst : SpansPerSecond;
}
