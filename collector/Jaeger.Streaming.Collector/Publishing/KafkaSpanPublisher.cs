using Confluent.Kafka;
using Jaeger.Streaming.Collector.Telemetry;
using Jaeger.Streaming.Schemas.Kafka;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Publishing;

/// <summary>
/// Publishes trace batches to the span topic per DESIGN §3 and completes only when Kafka has acknowledged every
/// record (acks=all, idempotent). The producer queue is bounded: when it is full the request fails, retryably.
/// </summary>
internal sealed partial class KafkaSpanPublisher : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly string _topic;
    private readonly TimeSpan _flushTimeout;
    private readonly ILogger<KafkaSpanPublisher> _logger;
    private readonly CollectorMetrics _metrics;
    private readonly TimeProvider _time;

    // Records only read the headers while producing, so every record can share one instance.
    private readonly Headers _headers = new()
    {
        { SpanRecordContract.ContentTypeHeader, System.Text.Encoding.ASCII.GetBytes(SpanRecordContract.ContentType) },
        { SpanRecordContract.SchemaVersionHeader, System.Text.Encoding.ASCII.GetBytes(SpanRecordContract.SchemaVersion) },
    };

    public KafkaSpanPublisher(IOptions<KafkaConnectionOptions> connection, IOptions<KafkaPublisherOptions> options, CollectorMetrics metrics, TimeProvider time, ILogger<KafkaSpanPublisher> logger)
    {
        _logger = logger;
        _metrics = metrics;
        _time = time;
        _topic = connection.Value.Topic;
        _flushTimeout = TimeSpan.FromMilliseconds(options.Value.MessageTimeoutMs);
        foreach (var warning in KafkaSecurityValidator.Warnings(connection.Value))
        {
            LogInsecureKafka(_logger, warning);
        }

        _producer = new ProducerBuilder<byte[], byte[]>(ProducerConfig(connection.Value, options.Value))
            .SetLogHandler((_, message) => LogKafka(_logger, ToLogLevel(message.Level), message.Facility, message.Message))
            .SetErrorHandler((_, error) => LogKafkaError(_logger, ErrorLevel(error), error.Code, error.Reason))
            .Build();
    }

    internal static ProducerConfig ProducerConfig(KafkaConnectionOptions connection, KafkaPublisherOptions options) => new(KafkaClientConfig.For(connection))
    {
        ClientId = "jaeger-collector",
        Acks = Acks.All,
        EnableIdempotence = true,
        CompressionType = CompressionType.Lz4,
        LingerMs = options.LingerMs,
        QueueBufferingMaxMessages = options.QueueBufferingMaxMessages,
        QueueBufferingMaxKbytes = options.QueueBufferingMaxKbytes,
        MessageTimeoutMs = options.MessageTimeoutMs,

        // Only the outcome matters to the delivery handler; skip marshalling key and value back.
        DeliveryReportFields = "status",
    };

    /// <summary>
    /// Produces one record per trace (encoded by the caller), with <paramref name="tenant"/> in each record's <c>x-tenant</c> header when not
    /// empty, and waits until all are acknowledged, or one fails.
    /// </summary>
    public Task<PublishResult> PublishAsync(List<TraceRecord> traces, string tenant, CancellationToken cancellationToken)
    {
        var headers = tenant.Length == 0 ? _headers : WithTenant(tenant);
        var delivery = new RequestDelivery(_metrics, _time);
        foreach (var trace in traces)
        {
            var record = new Message<byte[], byte[]>
            {
                Key = SpanRecordContract.KeyFor(trace.TraceId),
                Value = trace.Value,
                Headers = headers,
            };

            try
            {
                delivery.Expect();
                _producer.Produce(_topic, record, delivery.OnDelivered);
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                // Records already queued may still arrive; a retried request duplicates them, which the ingester tolerates.
                _metrics.ProducerQueueFull();
                return Task.FromResult(PublishResult.Failed("The collector's Kafka producer queue is full; retry later."));
            }
            catch (KafkaException e)
            {
                return Task.FromResult(PublishResult.Failed($"Kafka refused the record: {e.Error.Reason}; retry later."));
            }
        }

        return delivery.AllProduced().WaitAsync(cancellationToken);
    }

    private Headers WithTenant(string tenant)
    {
        var headers = new Headers();
        foreach (var header in _headers)
        {
            headers.Add(header.Key, header.GetValueBytes());
        }

        headers.Add(SpanRecordContract.TenantHeader, System.Text.Encoding.UTF8.GetBytes(tenant));
        return headers;
    }

    /// <summary>Delivers what is queued before the process exits, within the delivery timeout.</summary>
    public void Dispose()
    {
        var left = _producer.Flush(_flushTimeout);
        if (left > 0)
        {
            LogUndelivered(_logger, left);
        }

        _producer.Dispose();
    }

    // librdkafka also logs most errors it reports here; keep only what its log lacks above Debug.
    private static LogLevel ErrorLevel(Error error) => error switch
    {
        { IsFatal: true } => LogLevel.Critical,
        { Code: ErrorCode.Local_AllBrokersDown } => LogLevel.Warning,
        _ => LogLevel.Debug,
    };

    private static LogLevel ToLogLevel(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };

    [LoggerMessage(EventId = 1, Message = "librdkafka {Facility}: {KafkaMessage}")]
    private static partial void LogKafka(ILogger logger, LogLevel level, string facility, string kafkaMessage);

    [LoggerMessage(EventId = 2, Message = "Kafka producer error {Code}: {Reason}")]
    private static partial void LogKafkaError(ILogger logger, LogLevel level, ErrorCode code, string reason);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "{Count} span records were still undelivered when the collector stopped")]
    private static partial void LogUndelivered(ILogger logger, int count);

    [LoggerMessage(EventId = 4, Level = LogLevel.Warning, Message = "{InsecureSetting}")]
    private static partial void LogInsecureKafka(ILogger logger, string insecureSetting);

    /// <summary>Counts a request's outstanding records; completes on the last acknowledgement or the first failure.</summary>
    private sealed class RequestDelivery(CollectorMetrics metrics, TimeProvider time)
    {
        private readonly TaskCompletionSource<PublishResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

        // The records are produced in one quick loop, so its start stands for each record's produce time.
        private readonly long _started = time.GetTimestamp();

        // Starts at one for the producing loop itself, so the task cannot complete before every record is queued.
        private int _outstanding = 1;

        public void Expect() => Interlocked.Increment(ref _outstanding);

        public Task<PublishResult> AllProduced()
        {
            Settle();
            return _completion.Task;
        }

        public void OnDelivered(DeliveryReport<byte[], byte[]> report)
        {
            if (report.Error.IsError)
            {
                _completion.TrySetResult(PublishResult.Failed($"Kafka did not acknowledge the spans: {report.Error.Reason}; retry later."));
                return;
            }

            metrics.KafkaAcknowledged(time.GetElapsedTime(_started));
            Settle();
        }

        private void Settle()
        {
            if (Interlocked.Decrement(ref _outstanding) == 0)
            {
                _completion.TrySetResult(PublishResult.Success);
            }
        }
    }
}
