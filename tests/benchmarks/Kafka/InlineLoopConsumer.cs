using Confluent.Kafka;
using Jaeger.Streaming.Benchmarks.Scenarios;
using Jaeger.Streaming.Ingester;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Kafka;
using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Schemas.Otlp.Wire;

namespace Jaeger.Streaming.Benchmarks.Kafka;

/// <summary>
/// The simplest ingester loop: one consumer per core in the group, with the ingester's consumer settings, each doing
/// its work on every record inline and then storing its offset. No batches, no hand-off, no writer. Four kinds of work:
/// <see cref="DecodeAndRedact"/>, set against the null-writer sink, shows what the ingester's own loop (records
/// prepared on the thread pool while the consumer polls, offsets stored after each batch) costs or gains over the
/// least a loop must do; <see cref="ScanOnly"/> walks each record's protobuf framing without building anything, which
/// bounds what any decoder and redactor, however cheap, could reach in a loop on this transport; <see cref="PreScan"/>
/// adds the least redaction does to that walk, less than a redactor working on the record's bytes must do;
/// <see cref="RedactBytes"/> does what such a redactor must do on this load, which bounds the rate it could reach.
/// </summary>
internal sealed class InlineLoopConsumer : IDisposable
{
    private readonly List<(IConsumer<byte[], byte[]> Consumer, Thread Thread)> _loops = [];
    private readonly CancellationTokenSource _stop = new();
    private long _spans;

    /// <param name="newWork">Makes one loop's work, which returns a record's span count; each loop thread gets its own.</param>
    private InlineLoopConsumer(string bootstrapServers, string topic, string group, Func<Func<Message<byte[], byte[]>, int>> newWork)
    {
        for (var i = 0; i < Environment.ProcessorCount; i++)
        {
            var config = KafkaClientConfigs.Consumer(RawProduce.Connection(bootstrapServers, topic), new IngesterOptions { ConsumerGroup = group });
            var consumer = new ConsumerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
            consumer.Subscribe(topic);
            var work = newWork();
            var thread = new Thread(() => Run(consumer, work)) { Name = $"inline-loop-{i}", IsBackground = true };
            _loops.Add((consumer, thread));
            thread.Start();
        }
    }

    public long Spans => Volatile.Read(ref _spans);

    /// <summary>Each record decoded by the ingester's decoder and redacted by <paramref name="redactor"/>.</summary>
    public static InlineLoopConsumer DecodeAndRedact(string bootstrapServers, string topic, string group, SpanRedactor redactor) =>
        new(bootstrapServers, topic, group, () =>
        {
            var decoder = new SpanRecordDecoder();
            return message =>
            {
                if (!decoder.TryDecode(message.Headers, message.Value, out var request, out var rejection))
                {
                    throw new InvalidOperationException($"A generated span record does not decode ({rejection.Reason}: {rejection.Message}).");
                }

                redactor.Redact(request);
                var spans = 0;
                foreach (var resource in request.ResourceSpans)
                {
                    foreach (var scope in resource.ScopeSpans)
                    {
                        spans += scope.Spans.Count;
                    }
                }

                return spans;
            };
        });

    /// <summary>Each record's spans counted by walking its framing (<see cref="CountSpans"/>): no strings, no messages.</summary>
    public static InlineLoopConsumer ScanOnly(string bootstrapServers, string topic, string group) =>
        new(bootstrapServers, topic, group, () => message => CountSpans(message.Value));

    /// <summary>Each record's keys and texts reached in its bytes and profiled as redaction's pre-scan does (<see cref="BytePreScan"/>).</summary>
    public static InlineLoopConsumer PreScan(string bootstrapServers, string topic, string group) =>
        new(bootstrapServers, topic, group, () =>
        {
            var scan = new BytePreScan();
            return message => scan.Scan(message.Value);
        });

    /// <summary>Each record redacted on its bytes, the least an ingester doing so must do (<see cref="ByteRedaction"/>).</summary>
    public static InlineLoopConsumer RedactBytes(string bootstrapServers, string topic, string group) =>
        new(bootstrapServers, topic, group, () =>
        {
            var redaction = new ByteRedaction();
            return message => redaction.Redact(message.Value);
        });

    /// <summary>
    /// The spans of an <c>ExportTraceServiceRequest</c>, found by reading its resource spans and their scope spans and
    /// skipping every span's bytes; throws on bytes that are not such a request, as the load's records never are.
    /// </summary>
    public static int CountSpans(byte[] request)
    {
        var spans = 0;
        var top = new ProtoReader(request, 0, request.Length);
        while (!top.AtEnd)
        {
            var (resourceStart, resourceEnd) = NextMessage(ref top, OtlpFields.ExportTraceServiceRequest.ResourceSpans);
            var resource = new ProtoReader(request, resourceStart, resourceEnd);
            while (!resource.AtEnd)
            {
                var (scopeStart, scopeEnd) = NextMessage(ref resource, OtlpFields.ResourceSpans.ScopeSpans);
                var scope = new ProtoReader(request, scopeStart, scopeEnd);
                while (!scope.AtEnd)
                {
                    if (!scope.TryReadTag(out var field, out var wireType) || !scope.TrySkip(wireType))
                    {
                        throw new InvalidOperationException("A generated span record is not valid protobuf.");
                    }

                    spans += field == OtlpFields.ScopeSpans.Spans ? 1 : 0;
                }
            }
        }

        return spans;
    }

    /// <summary>The next field numbered <paramref name="wanted"/>, skipping others; an empty window when the message ends first.</summary>
    private static (int Start, int End) NextMessage(ref ProtoReader reader, int wanted)
    {
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var field, out var wireType))
            {
                throw new InvalidOperationException("A generated span record is not valid protobuf.");
            }

            if (field == wanted && reader.TryReadLengthDelimited(wireType, out var start, out var end))
            {
                return (start, end);
            }

            if (field == wanted || !reader.TrySkip(wireType))
            {
                throw new InvalidOperationException("A generated span record is not valid protobuf.");
            }
        }

        return (0, 0);
    }

    private void Run(IConsumer<byte[], byte[]> consumer, Func<Message<byte[], byte[]>, int> work)
    {
        while (!_stop.IsCancellationRequested)
        {
            var record = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (record is null)
            {
                continue;
            }

            var spans = work(record.Message);
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
