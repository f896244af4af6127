using Confluent.Kafka;

namespace Jaeger.Streaming.Ingester.Consuming;

/// <summary>
/// Kafka records handled together, each with its preparation for storage (started when the record arrived, so that
/// decoding runs while the loop polls for more), and for each partition the offset to store once all of them are
/// written. Records of one partition arrive in offset order, so the last one seen is the highest.
/// </summary>
internal sealed class RecordBatch
{
    private readonly List<(ConsumeResult<byte[], byte[]> Record, Task<PreparedRecord> Prepared)> _records = [];
    private readonly Dictionary<TopicPartition, Offset> _lastOffsets = [];

    public int Count => _records.Count;

    public ConsumeResult<byte[], byte[]> Record(int index) => _records[index].Record;

    public Task<PreparedRecord> Prepared(int index) => _records[index].Prepared;

    public void Add(ConsumeResult<byte[], byte[]> record, Task<PreparedRecord> prepared)
    {
        _records.Add((record, prepared));
        _lastOffsets[record.TopicPartition] = record.Offset;
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
            _records.RemoveAll(entry => !_lastOffsets.ContainsKey(entry.Record.TopicPartition));
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
