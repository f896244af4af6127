using Confluent.Kafka;

namespace Jaeger.Streaming.Ingester.Consuming;

/// <summary>
/// Kafka records handled together, each with its preparation for storage (started when the record arrived, so that
/// decoding runs while the loop polls for more), and for each partition the offset to store once all of them are
/// written. Records of one partition arrive in offset order, so the last one seen is the highest. A record itself is
/// not kept: once prepared, its bytes are needed only when it was rejected, and the preparation then carries them. So a
/// batch waiting on a slow write holds its spans' prepared forms, and not every record's value (~20 KB each) as well.
/// </summary>
internal sealed class RecordBatch
{
    private readonly List<(TopicPartition Partition, Task<PreparedRecord> Prepared)> _records = [];
    private readonly Dictionary<TopicPartition, Offset> _lastOffsets = [];

    public int Count => _records.Count;

    public Task<PreparedRecord> Prepared(int index) => _records[index].Prepared;

    public void Add(ConsumeResult<byte[], byte[]> record, Task<PreparedRecord> prepared)
    {
        var partition = record.TopicPartition;
        _records.Add((partition, prepared));
        _lastOffsets[partition] = record.Offset;
    }

    /// <summary>Forgets the records of partitions this consumer no longer owns, so their offsets are never stored here.</summary>
    public void Drop(IReadOnlyCollection<TopicPartition> partitions)
    {
        var dropped = false;
        foreach (var partition in partitions)
        {
            dropped |= _lastOffsets.Remove(partition);
        }

        if (dropped)
        {
            _records.RemoveAll(entry => !_lastOffsets.ContainsKey(entry.Partition));
        }
    }

    /// <summary>Per partition, the offset after the last record: where a consumer resumes once this batch is written.</summary>
    public List<TopicPartitionOffset> NextOffsets()
    {
        var offsets = new List<TopicPartitionOffset>(_lastOffsets.Count);
        foreach (var (partition, last) in _lastOffsets)
        {
            offsets.Add(new TopicPartitionOffset(partition, last + 1));
        }

        return offsets;
    }

    public void Clear()
    {
        _records.Clear();
        _lastOffsets.Clear();
    }
}
