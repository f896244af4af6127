using Confluent.Kafka;

namespace Jaeger.Streaming.Ingester.Telemetry;

/// <summary>
/// Consumer lag per assigned partition: the high watermark, asked of the partition leader, minus the offset the
/// ingester stored after its last durable write there (before its first, the group's committed offset). It counts
/// what is consumed but not yet written, so lag keeps growing while storage is down and fetching is paused.
/// The brokers are asked on a thread of its own: each question is a blocking round trip (measured at over a second on
/// the mock cluster), and on the consume thread it stalled ingestion once per refresh.
/// </summary>
internal sealed class PartitionLag(IngesterMetrics metrics, TimeProvider time, TimeSpan interval) : IDisposable
{
    // A timed-out query keeps the last value until the next refresh.
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromSeconds(1);

    private readonly Lock _lock = new();

    // Assigned partitions, and the offset written up to in each once known; guarded by _lock.
    private readonly Dictionary<TopicPartition, long?> _written = [];
    private readonly List<(TopicPartition Partition, long? Written)> _snapshot = [];
    private PeriodicTimer? _timer;
    private Thread? _thread;
    private volatile bool _stopping;

    /// <summary>Starts refreshing every interval on a thread of its own; <see cref="Dispose"/> stops it before the consumer may be closed.</summary>
    public void Start(IConsumer<byte[], byte[]> consumer)
    {
        _timer = new PeriodicTimer(interval, time);
        _thread = new Thread(() => RefreshUntilStopped(consumer, _timer)) { Name = "jaeger-ingester-lag", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Starts reporting partitions newly assigned here.</summary>
    public void Assigned(List<TopicPartition> partitions)
    {
        lock (_lock)
        {
            foreach (var partition in partitions)
            {
                _written.TryAdd(partition, null);
            }
        }
    }

    /// <summary>Notes the offset stored for a partition after a durable write.</summary>
    public void Stored(TopicPartitionOffset offset)
    {
        lock (_lock)
        {
            _written[offset.TopicPartition] = offset.Offset.Value;
        }
    }

    /// <summary>Forgets partitions no longer assigned here, so their series disappear rather than freeze.</summary>
    public void Forget(List<TopicPartition> partitions)
    {
        lock (_lock)
        {
            foreach (var partition in partitions)
            {
                _written.Remove(partition);
                metrics.ForgetLag(partition);
            }
        }
    }

    /// <summary>Asks the brokers once for every partition assigned now and reports its lag.</summary>
    public void Refresh(IConsumer<byte[], byte[]> consumer)
    {
        lock (_lock)
        {
            _snapshot.Clear();
            foreach (var (partition, written) in _written)
            {
                _snapshot.Add((partition, written));
            }
        }

        foreach (var (partition, known) in _snapshot)
        {
            if (_stopping)
            {
                return;
            }

            try
            {
                // An unset committed offset (-1001) is below every real one, so the low watermark wins, as auto.offset.reset=earliest reads.
                var written = known ?? consumer.Committed([partition], QueryTimeout)[0].Offset.Value;
                var watermarks = consumer.QueryWatermarkOffsets(partition, QueryTimeout);
                lock (_lock)
                {
                    // Revoked while the brokers were asked: its series stays gone.
                    if (_written.TryGetValue(partition, out var latest))
                    {
                        _written[partition] = latest ?? written;
                        var from = Math.Max(watermarks.Low.Value, latest ?? written);
                        metrics.Lag(partition, Math.Max(0, watermarks.High.Value - from));
                    }
                }
            }
            catch (KafkaException)
            {
                // The brokers did not answer in time: the last value stands until they do.
            }
        }
    }

    /// <summary>Stops refreshing and waits for a refresh under way, so the consumer is not closed under it.</summary>
    public void Dispose()
    {
        _stopping = true;
        _timer?.Dispose();
        _thread?.Join();
    }

    private void RefreshUntilStopped(IConsumer<byte[], byte[]> consumer, PeriodicTimer timer)
    {
        while (timer.WaitForNextTickAsync().AsTask().GetAwaiter().GetResult())
        {
            Refresh(consumer);
        }
    }
}
