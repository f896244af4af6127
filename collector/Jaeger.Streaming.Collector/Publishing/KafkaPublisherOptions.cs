namespace Jaeger.Streaming.Collector.Publishing;

/// <summary>
/// How the collector's Kafka producer batches and bounds what it holds. Bound from <c>Collector:Producer</c>;
/// the connection itself comes from the shared <c>Kafka</c> section.
/// </summary>
internal sealed class KafkaPublisherOptions
{
    public const string Section = "Collector:Producer";

    /// <summary>How long the producer waits to fill a batch (librdkafka <c>linger.ms</c>). Default 5.</summary>
    public int LingerMs { get; set; } = 5;

    /// <summary>Most records held unacknowledged (<c>queue.buffering.max.messages</c>); beyond it requests get 503. Default 100000.</summary>
    public int QueueBufferingMaxMessages { get; set; } = 100_000;

    /// <summary>Most KiB held unacknowledged (<c>queue.buffering.max.kbytes</c>); beyond it requests get 503. Default 262144 (256 MiB).</summary>
    public int QueueBufferingMaxKbytes { get; set; } = 256 * 1024;

    /// <summary>How long a record may wait for Kafka's acknowledgement before its request fails with 503 (<c>message.timeout.ms</c>). Default 30000.</summary>
    public int MessageTimeoutMs { get; set; } = 30_000;

    /// <summary>The <c>Retry-After</c> hint, in seconds, sent with a 503 or <c>UNAVAILABLE</c>. Default 5.</summary>
    public int RetryAfterSeconds { get; set; } = 5;
}
