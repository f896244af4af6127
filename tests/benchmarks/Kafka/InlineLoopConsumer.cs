using Confluent.Kafka;
using Jaeger.Streaming.Ingester;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Kafka;
using Jaeger.Streaming.Ingester.Redaction;

namespace Jaeger.Streaming.Benchmarks.Kafka;

/// <summary>
/// The simplest ingester loop: one consumer per core in the group, with the ingester's consumer settings, each
/// decoding and redacting every record inline and then storing its offset. No batches, no hand-off, no writer. Set
/// against the null-writer sink, it shows what the ingester's own loop (records prepared on the thread pool while the
/// consumer polls, offsets stored after each batch) costs or gains over the least a loop must do.
/// </summary>
internal sealed class InlineLoopConsumer : IDisposable
{
    private readonly List<(IConsumer<byte[], byte[]> Consumer, Thread Thread)> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly SpanRedactor _redactor;
    private long _spans;

    public InlineLoopConsumer(string bootstrapServers, string topic, string group, SpanRedactor redactor)
    {
        _redactor = redactor;
        for (var i = 0; i < Environment.ProcessorCount; i++)
        {
            var config = KafkaClientConfigs.Consumer(RawProduce.Connection(bootstrapServers, topic), new IngesterOptions { ConsumerGroup = group });
            var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
            consumer.Subscribe(topic);
            var thread = new Thread(() => Run(consumer)) { Name = $"inline-loop-{i}", IsBackground = true };
            _loops.Add((consumer, thread));
            thread.Start();
        }
    }

    public long Spans => Volatile.Read(ref _spans);

    private void Run(IConsumer<byte[], byte[]> consumer)
    {
        var decoder = new SpanRecordDecoder();
        while (!_stop.IsCancellationRequested)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null)
            {
                continue;
            }

            if (!decoder.TryDecode(record.Message.Headers, record.Message.Value, out var request, out var rejection))
            {
                throw new InvalidOperationException($"A generated span record does not decode ({rejection.Reason}: {rejection.Message}).");
            }

            _redactor.Redact(request);
            var spans = 0;
            foreach (var resource in request.ResourceSpans)
            {
                foreach (var scope in resource.ScopeSpans)
                {
                    spans += scope.Spans.Count;
                }
            }

            consumer.StoreOffset(record);
            Interlocked.Add(ref _spans, spans);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var (consumer, thread) in _loops)
        {
            thread.Join();
            consumer.Close();
            consumer.Dispose();
        }

        _stop.Dispose();
    }
}
