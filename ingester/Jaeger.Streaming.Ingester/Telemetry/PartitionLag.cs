using Confluent.Kafka;

namespace Jaeger.Streaming.Ingester.Telemetry;

/// <summary>
/// Consumer lag per assigned partition: the high watermark, asked of the partition leader, minus the offset the
/// ingester stored after its last durable write there (before its first, the group's committed offset). It counts
/// what is consumed but not yet written, so lag keeps growing while storage is down and fetching is paused.
/// Used only on the consumer's thread.
/// </summary>
internal sealed class PartitionLag(IngesterMetrics metrics, TimeProvider time, TimeSpan interval)
{
    // Short, because it blocks the consumer loop; a timed-out query keeps the last value until the next refresh.
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(1);

    private readonly Dictionary<TopicPartition, long> _written = [];
    private long? _lastRefresh;

    /// <summary>Notes the offset stored for a partition after a durable write.</summary>
    public void Stored(TopicPartitionOffset offset) => _written[offset.TopicPartition] = offset.Offset.Value;

    /// <summary>Forgets partitions no longer assigned here, so their series disappear rather than freeze.</summary>
    public void Forget(List<TopicPartition> partitions)
    {
        foreach (var partition in partitions)
        {
            _written.Remove(partition);
            metrics.ForgetLag(partition);
        }
    }

    public void RefreshIfDue(IConsumer<byte[], byte[]> consumer)
    {
        if (_lastRefresh is { } last && time.GetElapsedTime(last) < interval)
        {
            return;
        }

        _lastRefresh = time.GetTimestamp();
        try
        {
            foreach (var partition in consumer.Assignment)
            {
                var watermarks = consumer.QueryWatermarkOffsets(partition, QueryTimeout);
                var from = Math.Max(watermarks.Low.Value, WrittenUpTo(consumer, partition));
                metrics.Lag(partition, Math.Max(0, watermarks.High.Value - from));
            }
        }
        catch (KafkaException)
        {
            // The brokers did not answer in time: the last values stand until they do.
        }
    }

    private long WrittenUpTo(IConsumer<byte[], byte[]> consumer, TopicPartition partition)
    {
        if (!_written.TryGetValue(partition, out var offset))
        {
            // An unset committed offset (-1001) is below every real one, so the low watermark wins, as auto.offset.reset=earliest reads.
            offset = consumer.Committed([partition], QueryTimeout)[0].Offset.Value;
            _written[partition] = offset;
        }

        return offset;
    }
}
