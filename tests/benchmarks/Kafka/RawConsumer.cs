using Confluent.Kafka;
using Jaeger.Streaming.Ingester;
using Jaeger.Streaming.Ingester.Kafka;

namespace Jaeger.Streaming.Benchmarks.Kafka;

/// <summary>
/// The limit the ingester is compared with: a Confluent.Kafka consumer with the ingester's own settings that only
/// counts records and stores their offsets. Spans are counted from the records' mean span count, since it does not decode.
/// </summary>
internal sealed class RawConsumer : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private readonly double _spansPerRecord;
    private long _records;

    public RawConsumer(string bootstrapServers, string topic, string group, double spansPerRecord)
    {
        _spansPerRecord = spansPerRecord;
        var config = KafkaClientConfigs.Consumer(RawProduce.Connection(bootstrapServers, topic), new IngesterOptions { ConsumerGroup = group });
        _consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        _consumer.Subscribe(topic);
        _thread = new Thread(Run) { Name = "raw-consume", IsBackground = true };
        _thread.Start();
    }

    public long Spans => (long)(Volatile.Read(ref _records) * _spansPerRecord);

    private void Run()
    {
        while (!_stop.IsCancellationRequested)
        {
            var record = _consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null)
            {
                continue;
            }

            _consumer.StoreOffset(record);
            Interlocked.Increment(ref _records);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _consumer.Close();
        _consumer.Dispose();
        _stop.Dispose();
    }
}
