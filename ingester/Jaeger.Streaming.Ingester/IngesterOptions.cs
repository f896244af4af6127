using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Ingester;

/// <summary>
/// The ingester's settings, bound from the <c>Ingester</c> configuration section and validated at start-up.
/// The Kafka connection itself is the shared <c>Kafka</c> section (<see cref="KafkaConnectionOptions"/>).
/// </summary>
public sealed class IngesterOptions
{
    public const string Section = "Ingester";

    /// <summary>Port of the admin endpoints (<c>/health/live</c>, <c>/health/ready</c>, <c>/metrics</c>). Defaults to 14270.</summary>
    public int AdminPort { get; set; } = 14270;

    /// <summary>Address the admin endpoints listen on: an IP address, or <c>localhost</c>. Defaults to all interfaces.</summary>
    public string ListenAddress { get; set; } = "0.0.0.0";

    /// <summary>Kafka consumer group. Defaults to <c>jaeger-ingester</c>; every ingester of one deployment shares it.</summary>
    public string ConsumerGroup { get; set; } = SpanRecordContract.DefaultConsumerGroup;

    /// <summary>
    /// Static group membership (librdkafka <c>group.instance.id</c>): a stable, unique id per ingester instance, for
    /// example its pod name. A restarted instance that returns within <see cref="SessionTimeout"/> gets its partitions
    /// back without a rebalance; a stopped one keeps them, unread, until the session times out. Empty (the default)
    /// means dynamic membership. Letters, digits, '.', '_' and '-', at most 249 characters.
    /// </summary>
    public string? GroupInstanceId { get; set; }

    /// <summary>
    /// How long the group waits for a silent ingester before giving its partitions to the others. After an ingester
    /// leaves, the group's next rebalance may take about this long too. Defaults to 45 s, librdkafka's default.
    /// </summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>
    /// How often the consumer lag metric (<c>jaeger_ingester_consumer_lag_records</c>) asks the partition leaders for
    /// their high watermarks. Defaults to 5 s.
    /// </summary>
    public TimeSpan LagRefreshInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Longest a fetch waits at the broker for new records (librdkafka <c>fetch.wait.max.ms</c>). A Kafka broker answers
    /// as soon as records arrive, so with real brokers this only spaces the fetches of an idle partition. librdkafka's
    /// mock cluster answers only after the whole wait, so there it adds up to this much to every span's way to storage;
    /// the all-in-one sets 100 ms. Defaults to 500 ms, librdkafka's default.
    /// </summary>
    public TimeSpan FetchWaitMax { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Topic that receives records which do not decode. Defaults to <c>jaeger-spans-dlq</c>.</summary>
    public string DeadLetterTopic { get; set; } = SpanRecordContract.DefaultDeadLetterTopic;

    /// <summary>How records are grouped into one storage write.</summary>
    public BatchOptions Batch { get; set; } = new();

    /// <summary>How failed storage writes and dead-letter publishes are retried.</summary>
    public RetryOptions Retry { get; set; } = new();
}

/// <summary>A batch is written when it holds <see cref="MaxRecords"/> records or its first record has waited <see cref="MaxWait"/>.</summary>
public sealed class BatchOptions
{
    /// <summary>Most Kafka records in one storage write. Defaults to 500.</summary>
    public int MaxRecords { get; set; } = 500;

    /// <summary>Longest a consumed record waits for its batch to fill. Defaults to 100 ms.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMilliseconds(100);
}

/// <summary>
/// Failed writes are retried forever with exponential backoff and jitter (each wait is between half the backoff and
/// all of it): a record is never skipped, and its offset is never stored before its spans are written.
/// </summary>
public sealed class RetryOptions
{
    /// <summary>Delay before the first retry. Defaults to 100 ms.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest delay between retries. Defaults to 10 s.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
}
