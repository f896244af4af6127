using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Jaeger.Streaming.Ingester.Kafka;
using Jaeger.Streaming.Ingester.Retrying;
using Jaeger.Streaming.Schemas.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.DeadLetters;

/// <summary>
/// Publishes a rejected record to the dead-letter topic: its original key, value and headers, plus headers saying
/// why it was rejected, where it came from and when. The task completes when Kafka has acknowledged the copy,
/// so the source offset may then be stored.
/// </summary>
internal sealed class DeadLetterPublisher : IDisposable
{
    private static readonly TimeSpan FlushOnDispose = TimeSpan.FromSeconds(5);

    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly PersistentRetry _retry;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;

    public DeadLetterPublisher(
        IOptions<KafkaConnectionOptions> kafka,
        IOptions<IngesterOptions> ingester,
        PersistentRetry retry,
        TimeProvider time,
        ILogger<DeadLetterPublisher> logger)
    {
        _topic = ingester.Value.DeadLetterTopic;
        _retry = retry;
        _time = time;
        _logger = logger;
        _producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.DeadLetterProducer(kafka.Value))
            .SetLogHandler((_, message) => LibrdkafkaLog.Write(logger, message))
            .SetErrorHandler((_, error) => LibrdkafkaLog.Write(logger, error))
            .Build();
    }

    public Task PublishAsync(ConsumeResult<byte[], byte[]> rejected, string reason, CancellationToken cancellationToken)
    {
        _logger.LogWarning(
            "Record {Topic}/{Partition}@{Offset} rejected to {DeadLetterTopic}: {Reason}",
            rejected.Topic, rejected.Partition.Value, rejected.Offset.Value, _topic, reason);

        var message = DeadLetterFor(rejected, reason);
        return _retry.RunAsync(
            $"Publishing {rejected.TopicPartitionOffset} to {_topic}",
            ct => _producer.ProduceAsync(_topic, message, ct),
            cancellationToken);
    }

    public void Dispose()
    {
        _producer.Flush(FlushOnDispose);
        _producer.Dispose();
    }

    private Message<byte[], byte[]> DeadLetterFor(ConsumeResult<byte[], byte[]> rejected, string reason)
    {
        var headers = new Headers();
        foreach (var header in rejected.Message.Headers ?? [])
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(SpanRecordContract.DeadLetter.Reason, Encoding.UTF8.GetBytes(reason));
        headers.Add(SpanRecordContract.DeadLetter.SourceTopic, Encoding.UTF8.GetBytes(rejected.Topic));
        headers.Add(SpanRecordContract.DeadLetter.SourcePartition, Ascii(rejected.Partition.Value));
        headers.Add(SpanRecordContract.DeadLetter.SourceOffset, Ascii(rejected.Offset.Value));
        headers.Add(SpanRecordContract.DeadLetter.RejectedAt, Encoding.ASCII.GetBytes(_time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)));
        return new Message<byte[], byte[]> { Key = rejected.Message.Key, Value = rejected.Message.Value, Headers = headers };
    }

    private static byte[] Ascii(long value) => Encoding.ASCII.GetBytes(value.ToString(CultureInfo.InvariantCulture));
}
