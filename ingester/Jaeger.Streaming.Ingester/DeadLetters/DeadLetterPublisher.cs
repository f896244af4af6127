using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Kafka;
using Jaeger.Streaming.Ingester.Retrying;
using Jaeger.Streaming.Ingester.Telemetry;
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
    private readonly IngesterMetrics _metrics;
    private readonly ILogger _logger;

    public DeadLetterPublisher(
        IOptions<KafkaConnectionOptions> kafka,
        IOptions<IngesterOptions> ingester,
        PersistentRetry retry,
        TimeProvider time,
        IngesterMetrics metrics,
        ILogger<DeadLetterPublisher> logger)
    {
        _topic = ingester.Value.DeadLetterTopic;
        _retry = retry;
        _time = time;
        _metrics = metrics;
        _logger = logger;
        _producer = new ProducerBuilder<byte[], byte[]>(KafkaClientConfigs.DeadLetterProducer(kafka.Value))
            .SetLogHandler((_, message) => LibrdkafkaLog.Write(logger, message))
            .SetErrorHandler((_, error) => LibrdkafkaLog.Write(logger, error))
            .Build();
    }

    public async Task PublishAsync(ConsumeResult<byte[], byte[]> rejected, RecordRejection rejection, CancellationToken cancellationToken)
    {
        _logger.LogWarning(
            "Record {Topic}/{Partition}@{Offset} rejected to {DeadLetterTopic}: {Reason}",
            rejected.Topic, rejected.Partition.Value, rejected.Offset.Value, _topic, rejection.Message);

        var message = DeadLetterFor(rejected, rejection.Message);
        await _retry.RunAsync(
            $"Publishing {rejected.TopicPartitionOffset} to {_topic}",
            ct => _producer.ProduceAsync(_topic, message, ct),
            cancellationToken).ConfigureAwait(false);
        _metrics.DeadLettered(rejection.Reason);
    }

    /// <summary>
    /// Publishes something storage refused for good, which has no source record of its own: a document Elasticsearch
    /// will never accept, say. <paramref name="source"/> names where it was going; the tenant travels in <c>x-tenant</c>.
    /// </summary>
    public async Task PublishRefusedAsync(
        string tenant, byte[] key, byte[] value, string contentType, string source, RecordRejection rejection, CancellationToken cancellationToken)
    {
        _logger.LogWarning("Storage refused {Source} for good; it goes to {DeadLetterTopic}: {Reason}", source, _topic, rejection.Message);

        var headers = new Headers
        {
            { SpanRecordContract.ContentTypeHeader, Encoding.UTF8.GetBytes(contentType) },
            { SpanRecordContract.TenantHeader, Encoding.UTF8.GetBytes(tenant) },
            { SpanRecordContract.DeadLetter.Reason, Encoding.UTF8.GetBytes(rejection.Message) },
            { SpanRecordContract.DeadLetter.SourceTopic, Encoding.UTF8.GetBytes(source) },
            { SpanRecordContract.DeadLetter.RejectedAt, Encoding.ASCII.GetBytes(_time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture)) },
        };
        var message = new Message<byte[], byte[]> { Key = key, Value = value, Headers = headers };
        await _retry.RunAsync(
            $"Publishing a refused document of {source} to {_topic}",
            ct => _producer.ProduceAsync(_topic, message, ct),
            cancellationToken).ConfigureAwait(false);
        _metrics.DeadLettered(rejection.Reason);
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
