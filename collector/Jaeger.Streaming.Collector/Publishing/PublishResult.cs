namespace Jaeger.Streaming.Collector.Publishing;

/// <summary>Whether Kafka acknowledged every record of a request; when not, why, for a retryable 503/UNAVAILABLE.</summary>
internal readonly record struct PublishResult(bool Acknowledged, string FailureMessage)
{
    public static PublishResult Success => new(true, "");

    public static PublishResult Failed(string message) => new(false, message);
}
