using Confluent.Kafka;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Collector.Publishing;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Benchmarks.Kafka;

/// <summary>
/// The limit the collector is compared with: Confluent.Kafka producing the very records the collector would write,
/// with the collector's own producer settings, as fast as its bounded queue allows.
/// </summary>
internal static class RawProduce
{
    public static ProducerConfig CollectorProducerConfig(string bootstrapServers, string topic) =>
        KafkaSpanPublisher.ProducerConfig(Connection(bootstrapServers, topic), new KafkaPublisherOptions());

    public static KafkaConnectionOptions Connection(string bootstrapServers, string topic) => new()
    {
        BootstrapServers = bootstrapServers,
        Topic = topic,

        // The mock cluster has no TLS or SASL (DESIGN §5).
        Security = new KafkaSecurityOptions { AllowPlaintext = true },
    };

    /// <summary>Acknowledged spans per second, and the failures seen, over the measured window.</summary>
    public static async Task<(PhaseResult Spans, long Failed)> MeasureAsync(
        string bootstrapServers, string topic, SpanRecords records, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        using var producer = new ProducerBuilder<byte[], byte[]>(CollectorProducerConfig(bootstrapServers, topic)).SetLogHandler((_, _) => { }).Build();
        long acknowledged = 0;
        long failed = 0;

        // Messages and delivery handlers are built once: the loop below should cost what producing costs, nothing more.
        var messages = new Message<byte[], byte[]>[records.All.Count];
        var handlers = new Action<DeliveryReport<byte[], byte[]>>[records.All.Count];
        for (var i = 0; i < messages.Length; i++)
        {
            var record = records.All[i];
            messages[i] = new Message<byte[], byte[]> { Key = record.Key, Value = record.Value, Headers = SpanRecords.Headers };
            handlers[i] = report =>
            {
                if (report.Error.IsError)
                {
                    Interlocked.Increment(ref failed);
                }
                else
                {
                    Interlocked.Add(ref acknowledged, record.Spans);
                }
            };
        }

        using var stop = new CancellationTokenSource();
        var producing = new Thread(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                try
                {
                    producer.Produce(topic, messages[i], handlers[i]);
                    i = (i + 1) % messages.Length;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    // The queue is bounded, as the collector's is; wait for acknowledgements to make room.
                    Thread.Sleep(1);
                }
            }
        }) { Name = "raw-produce", IsBackground = true };
        producing.Start();
        try
        {
            var result = await Phase.MeasureAsync(() => Volatile.Read(ref acknowledged), warmup, duration, cancellationToken);
            return (result, Volatile.Read(ref failed));
        }
        finally
        {
            stop.Cancel();
            producing.Join();
            producer.Flush(TimeSpan.FromSeconds(30));
        }
    }
}
