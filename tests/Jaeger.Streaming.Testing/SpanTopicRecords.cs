using Confluent.Kafka;

namespace Jaeger.Streaming.Testing;

/// <summary>Reads a topic back from its first record, as a test's independent witness of what Kafka holds.</summary>
public static class SpanTopicRecords
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Per partition, the offset the next record will get.</summary>
    public static Dictionary<int, long> HighWatermarks(string bootstrapServers, string topic, int partitions)
    {
        using var consumer = Reader(bootstrapServers);
        return Enumerable.Range(0, partitions).ToDictionary(p => p, p => consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), RequestTimeout).High.Value);
    }

    /// <summary>Every record of every partition now: from its start up to its high watermark when this was called.</summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadAll(string bootstrapServers, string topic, int partitions, CancellationToken cancellationToken) =>
        ReadUpTo(bootstrapServers, topic, HighWatermarks(bootstrapServers, topic, partitions), cancellationToken);

    /// <summary>
    /// Every record below <paramref name="highs"/>, partition by partition. The mock cluster serves a backlog slowly,
    /// so this suits the small topics of tests.
    /// </summary>
    public static List<ConsumeResult<byte[], byte[]>> ReadUpTo(string bootstrapServers, string topic, IReadOnlyDictionary<int, long> highs, CancellationToken cancellationToken)
    {
        using var consumer = Reader(bootstrapServers);
        var unread = highs.Where(h => h.Value > 0).ToDictionary(h => h.Key, h => h.Value);
        consumer.Assign(unread.Keys.Select(p => new TopicPartitionOffset(topic, p, Offset.Beginning)));
        var records = new List<ConsumeResult<byte[], byte[]>>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (unread.Count > 0)
        {
            var record = consumer.Consume(deadline.Token);
            if (record.Message is null || !unread.TryGetValue(record.Partition.Value, out var high) || record.Offset.Value >= high)
            {
                continue;
            }

            records.Add(record);
            if (record.Offset.Value + 1 >= high)
            {
                unread.Remove(record.Partition.Value);
            }
        }

        return records;
    }

    private static IConsumer<byte[], byte[]> Reader(string bootstrapServers) =>
        new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"test-reader-{Guid.NewGuid():n}",
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
}
