using Confluent.Kafka;
using Google.Protobuf;
using Jaeger.Streaming.Ingester.Tests.Support;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Ingester.Tests.Telemetry;

/// <summary>The ingester's <c>/metrics</c> after a known workload on the mock cluster: exact counts, not trends.</summary>
public sealed class IngesterMetricsTests
{
    private const int Traces = 20;
    private const int SpansPerTrace = 3;

    private static readonly Dictionary<string, string?> FastLag = new() { ["Ingester:LagRefreshInterval"] = "00:00:00.200" };

    [Fact]
    public async Task Counts_every_record_and_span_written_and_times_each_write()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var traces = await producer.ProduceTracesAsync(Traces, SpansPerTrace);
        StorageSwitch? storage = null;
        await using var ingester = await IngesterUnderTest.StartAsync(kafka, real => storage = new StorageSwitch(real), FastLag);
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");

        // A write is counted just after it lands in the store.
        var metrics = await MetricsScrape.WhenAsync(ingester.AdminPort, AllWritten, "every record is counted as written");

        Assert.Equal(Traces, metrics.Value("jaeger_ingester_records_consumed_total"));
        Assert.Equal(Traces * SpansPerTrace, metrics.Value("jaeger_ingester_spans_written_total"));
        Assert.Equal(storage!.Writes, metrics.Value("jaeger_ingester_storage_write_duration_seconds_count"));
        Assert.Equal(0, metrics.Value("jaeger_ingester_storage_write_failures_total"));
        Assert.Equal(0, metrics.Sum("jaeger_ingester_dead_letters_total"));
    }

    [Fact]
    public async Task Reports_the_lag_of_every_assigned_partition_and_it_reaches_zero_once_all_is_written()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var traces = await producer.ProduceTracesAsync(Traces, SpansPerTrace);
        await using var ingester = await IngesterUnderTest.StartAsync(kafka, settings: FastLag);
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");

        var lag = (await MetricsScrape.WhenAsync(
            ingester.AdminPort,
            // An empty sum is zero too: wait until every partition reports.
            metrics => metrics.Series("jaeger_ingester_consumer_lag_records").Count == KafkaWithStore.SpanPartitions
                && metrics.Sum("jaeger_ingester_consumer_lag_records") == 0,
            "every partition reports a lag and it has caught up")).Series("jaeger_ingester_consumer_lag_records");
        var expected = Enumerable.Range(0, KafkaWithStore.SpanPartitions)
            .Select(p => $"jaeger_ingester_consumer_lag_records{{topic=\"{SpanRecordContract.DefaultTopic}\",partition=\"{p}\"}}");
        Assert.Equal(expected.Order(), lag.Keys.Order());
    }

    [Fact]
    public async Task Counts_dead_letters_by_reason_and_only_decoded_records_as_written()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        await producer.ProduceAsync("garbage-1"u8.ToArray(), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF], SpanRecordProducer.ContractHeaders());
        await producer.ProduceAsync("garbage-2"u8.ToArray(), [0xFF, 0xFF, 0xFF, 0xFF, 0xFF], SpanRecordProducer.ContractHeaders());
        var future = Otlp.NewTraceId();
        var futureRequest = Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(future))).ToByteArray();
        await producer.ProduceAsync(SpanRecordContract.KeyFor(future.Id), futureRequest, new Headers { { SpanRecordContract.SchemaVersionHeader, "2"u8.ToArray() } });
        var good = await producer.ProduceTracesAsync(5, SpansPerTrace);

        await using var ingester = await IngesterUnderTest.StartAsync(kafka);
        var metrics = await MetricsScrape.WhenAsync(
            ingester.AdminPort,
            metrics => metrics.Value("jaeger_ingester_records_written_total") == good.Count && metrics.Sum("jaeger_ingester_dead_letters_total") == 3,
            "the good records are written and the bad ones dead-lettered");

        Assert.Equal(2, metrics.Value("jaeger_ingester_dead_letters_total{reason=\"not_otlp_protobuf\"}"));
        Assert.Equal(1, metrics.Value("jaeger_ingester_dead_letters_total{reason=\"unsupported_schema_version\"}"));
        Assert.Equal(8, metrics.Value("jaeger_ingester_records_consumed_total"));
        Assert.Equal(5 * SpansPerTrace, metrics.Value("jaeger_ingester_spans_written_total"));
    }

    [Fact]
    public async Task Counts_redactions_by_detector_for_a_span_carrying_personal_data()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var trace = Otlp.NewTraceId();
        var span = Otlp.Span(trace, "checkout");
        span.Attributes.Add(Otlp.Attr("customer.contact", "alice@example.com, cc bob@example.com"));
        span.Attributes.Add(Otlp.Attr("payment.note", "paid with 4111 1111 1111 1111"));
        span.Attributes.Add(Otlp.Attr("db.password", "hunter2"));
        var clean = Otlp.Span(trace, "clean");
        await producer.ProduceAsync(
            SpanRecordContract.KeyFor(trace.Id),
            Otlp.Request(Otlp.ResourceSpans("shop", span, clean)).ToByteArray(),
            SpanRecordProducer.ContractHeaders());

        await using var ingester = await IngesterUnderTest.StartAsync(kafka);
        var redactions = (await MetricsScrape.WhenAsync(
            ingester.AdminPort,
            metrics => metrics.Value("jaeger_ingester_spans_written_total") == 2,
            "the spans are written")).Series("jaeger_ingester_redactions_total");
        Assert.Equal(
            new Dictionary<string, double>
            {
                ["jaeger_ingester_redactions_total{detector=\"email\"}"] = 2,
                ["jaeger_ingester_redactions_total{detector=\"card\"}"] = 1,
                ["jaeger_ingester_redactions_total{detector=\"key\"}"] = 1,
            },
            redactions);
    }

    [Fact]
    public async Task Pauses_every_assigned_partition_while_a_write_is_blocked_and_resumes_them_once_it_completes()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        StorageSwitch? storage = null;
        await using var ingester = await IngesterUnderTest.StartAsync(kafka, real => storage = new StorageSwitch(real), FastLag);
        await MetricsScrape.WhenAsync(
            ingester.AdminPort,
            metrics => metrics.Value("jaeger_ingester_assigned_partitions") == KafkaWithStore.SpanPartitions,
            "the ingester owns every partition");

        storage!.Block();
        var traces = await producer.ProduceTracesAsync(Traces, SpansPerTrace);
        await MetricsScrape.WhenAsync(
            ingester.AdminPort,
            metrics => metrics.Value("jaeger_ingester_paused_partitions") == KafkaWithStore.SpanPartitions,
            "fetching is paused behind the blocked write");

        // Nothing is written, so every produced record counts as lag, however much of it was fetched.
        var blocked = await MetricsScrape.WhenAsync(
            ingester.AdminPort,
            metrics => metrics.Sum("jaeger_ingester_consumer_lag_records") == Traces,
            "the lag covers every unwritten record");
        Assert.Equal(KafkaWithStore.SpanPartitions, blocked.Value("jaeger_ingester_partition_pauses_total"));
        Assert.Equal(0, blocked.Value("jaeger_ingester_partition_resumes_total"));
        Assert.Equal(0, blocked.Value("jaeger_ingester_spans_written_total"));

        storage.Heal();
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");
        var healed = await MetricsScrape.WhenAsync(
            ingester.AdminPort,
            metrics => metrics.Sum("jaeger_ingester_consumer_lag_records") == 0,
            "the lag has caught up");

        Assert.Equal(0, healed.Value("jaeger_ingester_paused_partitions"));
        Assert.Equal(healed.Value("jaeger_ingester_partition_pauses_total"), healed.Value("jaeger_ingester_partition_resumes_total"));
        Assert.Equal(Traces * SpansPerTrace, healed.Value("jaeger_ingester_spans_written_total"));
    }

    [Fact]
    public async Task Counts_each_failed_write_attempt_and_each_retry_of_it()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        StorageSwitch? storage = null;
        await using var ingester = await IngesterUnderTest.StartAsync(kafka, real => storage = new StorageSwitch(real));
        storage!.Fail();
        var traces = await producer.ProduceTracesAsync(Traces, SpansPerTrace);
        await Eventually.HoldsAsync(() => storage.FailedAttempts >= 3, "writes have failed and been retried");

        storage.Heal();
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");

        var metrics = await MetricsScrape.WhenAsync(ingester.AdminPort, AllWritten, "every record is counted as written");
        Assert.Equal(storage.FailedAttempts, metrics.Value("jaeger_ingester_storage_write_failures_total"));

        // Every failure was retried: the write that finally succeeded counts as a retry, not as a failure.
        Assert.Equal(storage.FailedAttempts, metrics.Value("jaeger_ingester_storage_write_retries_total"));
        Assert.Equal(storage.Writes, metrics.Value("jaeger_ingester_storage_write_duration_seconds_count"));
    }

    [Fact]
    public async Task Counts_partitions_assigned_and_revoked_when_a_second_ingester_joins_the_group()
    {
        using var kafka = new KafkaWithStore();
        await using var first = await IngesterUnderTest.StartAsync(kafka);
        await MetricsScrape.WhenAsync(
            first.AdminPort,
            metrics => metrics.Value("jaeger_ingester_assigned_partitions") == KafkaWithStore.SpanPartitions,
            "the first ingester owns every partition");

        await using var second = await IngesterUnderTest.StartAsync(kafka);
        MetricsScrape a = null!, b = null!;
        await Eventually.HoldsAsync(
            async () =>
            {
                (a, b) = (await MetricsScrape.TakeAsync(first.AdminPort), await MetricsScrape.TakeAsync(second.AdminPort));
                return b.Value("jaeger_ingester_assigned_partitions") > 0
                    && a.Value("jaeger_ingester_assigned_partitions") + b.Value("jaeger_ingester_assigned_partitions") == KafkaWithStore.SpanPartitions;
            },
            "the two ingesters share the partitions");

        var moved = b.Value("jaeger_ingester_assigned_partitions");
        Assert.Equal(moved, a.Value("jaeger_ingester_rebalance_partitions_total{event=\"revoked\"}"));
        Assert.Equal(moved, b.Value("jaeger_ingester_rebalance_partitions_total{event=\"assigned\"}"));
        Assert.Equal(KafkaWithStore.SpanPartitions, a.Value("jaeger_ingester_rebalance_partitions_total{event=\"assigned\"}"));
    }

    private static bool AllWritten(MetricsScrape metrics) => metrics.Value("jaeger_ingester_records_written_total") == Traces;
}
