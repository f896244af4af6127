using System.Diagnostics;
using Confluent.Kafka;

namespace Jaeger.Streaming.Benchmarks.Kafka;

/// <summary>
/// Streams span records into a topic at a set rate of spans per second, each with a fresh trace id, using the
/// collector's producer settings. Streaming load, not a backlog: the mock's fetch path slows on large backlogs (DESIGN §5).
/// </summary>
internal sealed class PacedProducer : IDisposable
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(5);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly SpanRecords _records;
    private readonly string _topic;
    private readonly Thread _thread;
    private readonly CancellationTokenSource _stop = new();
    private double _spansPerSecond;
    private long _produced;
    private long _rateChanged = 1;

    public PacedProducer(string bootstrapServers, string topic, SpanRecords records, double spansPerSecond)
    {
        _topic = topic;
        _records = records;
        _spansPerSecond = spansPerSecond;
        _producer = new ProducerBuilder<byte[], byte[]>(RawProduce.CollectorProducerConfig(bootstrapServers, topic)).SetLogHandler((_, _) => { }).Build();
        _thread = new Thread(Run) { Name = "paced-produce", IsBackground = true };
        _thread.Start();
    }

    /// <summary>Spans handed to the producer so far.</summary>
    public long Produced => Volatile.Read(ref _produced);

    public double SpansPerSecond
    {
        get => Volatile.Read(ref _spansPerSecond);
        set
        {
            Volatile.Write(ref _spansPerSecond, value);
            Interlocked.Increment(ref _rateChanged);
        }
    }

    private void Run()
    {
        var fresh = new FreshTraceIds();
        var next = 0;
        long seenChange = 0;
        long since = 0;
        long producedSince = 0;
        var rate = 0.0;
        while (!_stop.IsCancellationRequested)
        {
            // A new rate starts its own schedule, so a slow past step is not made up for in a burst.
            if (Volatile.Read(ref _rateChanged) != seenChange)
            {
                seenChange = Volatile.Read(ref _rateChanged);
                rate = SpansPerSecond;
                since = Stopwatch.GetTimestamp();
                producedSince = 0;
            }

            var due = (long)(rate * Stopwatch.GetElapsedTime(since).TotalSeconds);
            while (producedSince < due && !_stop.IsCancellationRequested)
            {
                var template = _records.All[next];
                var (key, value) = fresh.Next(template);
                try
                {
                    _producer.Produce(_topic, new Message<byte[], byte[]> { Key = key, Value = value, Headers = SpanRecords.Headers });
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    Thread.Sleep(1);
                    continue;
                }

                next = (next + 1) % _records.All.Count;
                producedSince += template.Spans;
                Interlocked.Add(ref _produced, template.Spans);
            }

            Thread.Sleep(Tick);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _thread.Join();
        _producer.Flush(TimeSpan.FromSeconds(10));
        _producer.Dispose();
        _stop.Dispose();
    }
}
