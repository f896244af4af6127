using System.Collections.Concurrent;
using System.Globalization;
using Confluent.Kafka;
using Jaeger.Streaming.Ingester.Redaction;
using Prometheus;

namespace Jaeger.Streaming.Ingester.Telemetry;

/// <summary>
/// The ingester's Prometheus instruments, in the host's own registry (scraped at <c>/metrics</c> on the admin port).
/// Every name, label and meaning is listed in docs/operations.md.
/// </summary>
internal sealed class IngesterMetrics : IRedactionCounter
{
    private readonly Gauge _lag;
    private readonly Counter _recordsConsumed;
    private readonly Counter _recordsWritten;
    private readonly Counter _spansWritten;
    private readonly Counter _deadLetters;
    private readonly Counter _redactions;

    // Redaction reports every span it changed, so each detector's or rule's series (a set the configuration bounds) is
    // looked up once here: WithLabels allocates and takes a lock on every call.
    private readonly ConcurrentDictionary<string, Counter.Child> _redactionsByDetector = new(StringComparer.Ordinal);
    private readonly Histogram _writeDuration;
    private readonly Counter _writeFailures;
    private readonly Counter _writeRetries;
    private readonly Counter _pauses;
    private readonly Counter _resumes;
    private readonly Gauge _paused;
    private readonly Counter _rebalanced;
    private readonly Gauge _assigned;

    public IngesterMetrics(CollectorRegistry registry)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _lag = factory.CreateGauge(
            "jaeger_ingester_consumer_lag_records",
            "Records in a partition not yet durably written: the high watermark minus the offset stored after the last write (or the committed offset).",
            "topic",
            "partition");
        _recordsConsumed = factory.CreateCounter("jaeger_ingester_records_consumed_total", "Kafka records consumed, dead-lettered ones included.");
        _recordsWritten = factory.CreateCounter("jaeger_ingester_records_written_total", "Kafka records whose spans were durably written to storage.");
        _spansWritten = factory.CreateCounter("jaeger_ingester_spans_written_total", "Spans durably written to storage.");
        _deadLetters = factory.CreateCounter("jaeger_ingester_dead_letters_total", "Records published to the dead-letter topic, by why they were rejected.", "reason");
        _redactions = factory.CreateCounter("jaeger_ingester_redactions_total", "Values redacted before storage, by the detector or rule that matched.", "detector");
        _writeDuration = factory.CreateHistogram(
            "jaeger_ingester_storage_write_duration_seconds",
            "Duration of successful storage writes, one batch each.",
            new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.001, 2, 15) });
        _writeFailures = factory.CreateCounter("jaeger_ingester_storage_write_failures_total", "Storage write attempts that failed; each is retried.");
        _writeRetries = factory.CreateCounter("jaeger_ingester_storage_write_retries_total", "Storage write attempts that repeated a failed one.");
        _pauses = factory.CreateCounter("jaeger_ingester_partition_pauses_total", "Partitions paused because a storage write was slow (backpressure).");
        _resumes = factory.CreateCounter("jaeger_ingester_partition_resumes_total", "Paused partitions resumed or given up.");
        _paused = factory.CreateGauge("jaeger_ingester_paused_partitions", "Partitions paused right now.");
        _rebalanced = factory.CreateCounter(
            "jaeger_ingester_rebalance_partitions_total",
            "Partitions that a rebalance assigned to this ingester, revoked from it, or that it lost (event).",
            "event");
        _assigned = factory.CreateGauge("jaeger_ingester_assigned_partitions", "Partitions assigned to this ingester right now.");
    }

    public void Consumed() => _recordsConsumed.Inc();

    public void Written(int records) => _recordsWritten.Inc(records);

    public void StorageWritten(TimeSpan duration, int spans)
    {
        _writeDuration.Observe(duration.TotalSeconds);
        _spansWritten.Inc(spans);
    }

    public void StorageWriteFailed() => _writeFailures.Inc();

    public void StorageWriteRetried() => _writeRetries.Inc();

    public void DeadLettered(string reason) => _deadLetters.WithLabels(reason).Inc();

    public void Redacted(string detector, int values) =>
        _redactionsByDetector.GetOrAdd(detector, static (name, counter) => counter.WithLabels(name), _redactions).Inc(values);

    public void Paused(int partitions, int pausedNow)
    {
        _pauses.Inc(partitions);
        _paused.Set(pausedNow);
    }

    public void Resumed(int partitions, int pausedNow)
    {
        _resumes.Inc(partitions);
        _paused.Set(pausedNow);
    }

    public void Rebalanced(string rebalanceEvent, int partitions, int assignedNow)
    {
        _rebalanced.WithLabels(rebalanceEvent).Inc(partitions);
        _assigned.Set(assignedNow);
    }

    public void Lag(TopicPartition partition, long records) => _lag.WithLabels(partition.Topic, Label(partition)).Set(records);

    /// <summary>Drops a partition's lag series once it is no longer assigned here: another ingester reports it now.</summary>
    public void ForgetLag(TopicPartition partition) => _lag.RemoveLabelled(partition.Topic, Label(partition));

    private static string Label(TopicPartition partition) => partition.Partition.Value.ToString(CultureInfo.InvariantCulture);
}
