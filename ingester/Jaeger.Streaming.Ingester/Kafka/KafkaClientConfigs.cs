using Confluent.Kafka;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Ingester.Kafka;

/// <summary>
/// The librdkafka settings of the ingester's clients (DESIGN §3), in one place. Connection and security come from
/// the shared mapping in <see cref="KafkaClientConfig"/>, so the ingester connects as the collector does.
/// </summary>
internal static class KafkaClientConfigs
{
    public static ConsumerConfig Consumer(KafkaConnectionOptions kafka, IngesterOptions ingester) => new(KafkaClientConfig.For(kafka))
    {
        ClientId = "jaeger-ingester",
        GroupId = ingester.ConsumerGroup,
        GroupInstanceId = string.IsNullOrEmpty(ingester.GroupInstanceId) ? null : ingester.GroupInstanceId,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        SessionTimeoutMs = (int)ingester.SessionTimeout.TotalMilliseconds,

        // librdkafka needs heartbeats well within the session; a third of it, at most its default of 3 s.
        HeartbeatIntervalMs = (int)Math.Min(3000, ingester.SessionTimeout.TotalMilliseconds / 3),

        // Offsets are stored by hand only after the write is durable; librdkafka then commits what was stored.
        EnableAutoOffsetStore = false,
        EnableAutoCommit = true,
        AutoCommitIntervalMs = 1000,
        FetchWaitMaxMs = (int)ingester.FetchWaitMax.TotalMilliseconds,
    };

    public static ProducerConfig DeadLetterProducer(KafkaConnectionOptions kafka) => new(KafkaClientConfig.For(kafka))
    {
        ClientId = "jaeger-ingester-dlq",
        Acks = Acks.All,
        EnableIdempotence = true,
        CompressionType = CompressionType.Lz4,
        LingerMs = 5,
    };
}
