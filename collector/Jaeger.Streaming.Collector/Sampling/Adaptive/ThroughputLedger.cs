using Confluent.Kafka;
using Jaeger.Streaming.Schemas.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Sampling.Adaptive;

/// <summary>
/// The election and the calculator's inbox. Every collector joins <c>CalculatorGroup</c> on the one-partition
/// throughput topic; Kafka gives partition 0 to one member, which is the calculator until it leaves or stalls. On
/// being assigned it reads the topic from its start, so counts published before a failover are not lost; buckets
/// already calculated are skipped by the caller.
/// </summary>
internal sealed partial class ThroughputLedger(
    IOptions<KafkaConnectionOptions> connection,
    IOptions<SamplingOptions> options,
    SamplingMetrics metrics,
    ILogger<ThroughputLedger> logger) : BackgroundService
{
    private readonly Dictionary<long, Dictionary<string, ThroughputReport>> _buckets = [];
    private volatile bool _owner;

    /// <summary>True while this collector owns partition 0, and so calculates.</summary>
    public bool IsCalculator => _owner;

    /// <summary>How many collectors' counts for <paramref name="bucketStart"/> have arrived.</summary>
    public int Reports(long bucketStart)
    {
        lock (_buckets)
        {
            return _buckets.TryGetValue(bucketStart, out var reports) ? reports.Count : 0;
        }
    }

    /// <summary>The counts of <paramref name="bucketStart"/>; that bucket and older ones are dropped.</summary>
    public List<OperationThroughput> Take(long bucketStart)
    {
        var throughput = new List<OperationThroughput>();
        lock (_buckets)
        {
            if (_buckets.TryGetValue(bucketStart, out var reports))
            {
                foreach (var (_, report) in reports)
                {
                    throughput.AddRange(report.Operations);
                }
            }

            foreach (var bucket in _buckets.Keys.ToList())
            {
                if (bucket <= bucketStart)
                {
                    _buckets.Remove(bucket);
                }
            }
        }

        return throughput;
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var adaptive = options.Value.Adaptive;
        using var consumer = new ConsumerBuilder<string, byte[]?>(new ConsumerConfig(KafkaClientConfig.For(connection.Value))
        {
            ClientId = "jaeger-collector-sampling-calculator",
            GroupId = adaptive.CalculatorGroup,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = 10_000,
            HeartbeatIntervalMs = 1_000,
        })
            .SetPartitionsAssignedHandler((_, partitions) => Assigned(partitions))
            .SetPartitionsRevokedHandler((_, _) => Owner(false))
            .SetPartitionsLostHandler((_, _) => Owner(false))
            .Build();
        consumer.Subscribe(adaptive.ThroughputTopic);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (record?.Message.Value is { } value && _owner)
                {
                    Add(record.Offset.Value, value);
                }
            }
            catch (ConsumeException e)
            {
                LogConsumeFailed(logger, adaptive.ThroughputTopic, e.Error.Reason);
            }
        }

        // Leaving the group hands partition 0 to another collector at once, rather than after the session timeout.
        Owner(false);
        consumer.Close();
    }

    private IEnumerable<TopicPartitionOffset> Assigned(List<TopicPartition> partitions)
    {
        var owner = partitions.Exists(p => p.Partition.Value == 0);
        Owner(owner);
        if (owner)
        {
            LogElected(logger);
        }

        return partitions.ConvertAll(p => new TopicPartitionOffset(p, Offset.Beginning));
    }

    private void Owner(bool owner)
    {
        _owner = owner;
        metrics.Calculator(owner);
        lock (_buckets)
        {
            _buckets.Clear();
        }
    }

    private void Add(long offset, byte[] value)
    {
        if (ThroughputReport.FromJson(value) is not { } report)
        {
            LogUnreadable(logger, offset);
            return;
        }

        lock (_buckets)
        {
            if (!_buckets.TryGetValue(report.BucketStart, out var reports))
            {
                _buckets[report.BucketStart] = reports = new(StringComparer.Ordinal);
            }

            // A collector's report replayed after a failover replaces, never adds to, the one already held.
            reports[report.Collector] = report;
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "This collector is now the adaptive-sampling calculator")]
    private static partial void LogElected(ILogger logger);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Skipped the throughput record at offset {Offset}: it is not a sampling counts record")]
    private static partial void LogUnreadable(ILogger logger, long offset);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Reading sampling counts from {Topic} failed: {Reason}")]
    private static partial void LogConsumeFailed(ILogger logger, string topic, string reason);
}
