using Confluent.Kafka;
using Jaeger.Streaming.Ingester.Tests.Support;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Ingester.Tests.Faults;

/// <summary>
/// What the ingesters' consumer group has committed on the span topic, and how far each partition reaches, as an
/// operator's admin tool sees them. It never joins the group, so it does not disturb the assignment.
/// </summary>
internal sealed class GroupOffsets : IDisposable
{
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private readonly string _bootstrapServers;
    private readonly IConsumer<byte[], byte[]> _probe;
    private readonly List<TopicPartition> _partitions;

    public GroupOffsets(string bootstrapServers, string group = SpanRecordContract.DefaultConsumerGroup)
    {
        _bootstrapServers = bootstrapServers;
        _probe = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = group,
            EnableAutoCommit = false,
        }).SetLogHandler((_, _) => { }).Build();
        _partitions = [.. Enumerable.Range(0, KafkaWithStore.SpanPartitions).Select(p => new TopicPartition(SpanRecordContract.DefaultTopic, p))];
    }

    /// <summary>Per partition, the offset the group resumes from: its committed offset, or 0 when it never committed.</summary>
    public Dictionary<int, long> Committed() =>
        _probe.Committed(_partitions, RequestTimeout).ToDictionary(c => c.Partition.Value, c => c.Offset == Offset.Unset ? 0 : c.Offset.Value);

    /// <summary>Per partition, the offset the next record will get.</summary>
    public Dictionary<int, long> HighWatermarks() =>
        _partitions.ToDictionary(p => p.Partition.Value, p => _probe.QueryWatermarkOffsets(p, RequestTimeout).High.Value);

    /// <summary>Records not yet committed by the group, summed over the partitions.</summary>
    public long Lag()
    {
        var committed = Committed();
        return HighWatermarks().Sum(high => high.Value - committed[high.Key]);
    }

    /// <summary>Every record of the span topic below <paramref name="highs"/>, with where it sits and its key.</summary>
    public List<(int Partition, long Offset, string Key)> ReadTopic(IReadOnlyDictionary<int, long> highs) =>
        SpanTopicRecords.ReadUpTo(_bootstrapServers, SpanRecordContract.DefaultTopic, highs, TestContext.Current.CancellationToken)
            .ConvertAll(r => (r.Partition.Value, r.Offset.Value, System.Text.Encoding.ASCII.GetString(r.Message.Key)));

    public void Dispose()
    {
        _probe.Close();
        _probe.Dispose();
    }
}
