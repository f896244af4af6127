using Jaeger.Streaming.Ingester.Tests.Support;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Ingester.Tests.Faults;

/// <summary>
/// Issue 5's storage outage: the writer fails for 30 s under steady load. The lag grows, no committed offset passes
/// an unwritten record, the ingester holds at most two batches with every partition paused, and after recovery
/// everything is stored exactly once.
/// </summary>
public sealed class StorageOutageTests
{
    private const int SpansPerTrace = 2;

    // IngesterUnderTest's Ingester:Batch:MaxRecords: one batch being written, one being collected.
    private const int MostRecordsHeld = 2 * 10;

    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProbeEvery = TimeSpan.FromSeconds(5);

    [Fact]
    public async Task During_a_30_s_storage_outage_lag_grows_no_offset_passes_unwritten_data_memory_stays_bounded_and_all_is_stored_once_after()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        using var offsets = new GroupOffsets(kafka.BootstrapServers);
        using var stored = new StoredSpans(kafka.DataDir);
        StorageSwitch? storage = null;
        await using var ingester = await IngesterUnderTest.StartAsync(kafka, real => storage = new StorageSwitch(real));
        await using var load = SteadyLoad.Start(producer, SpansPerTrace, TimeSpan.FromMilliseconds(100));
        await Eventually.HoldsAsync(() => storage is { Writes: > 2 }, "the ingester writes before the outage");

        storage!.Fail();
        var outageStarted = TimeProvider.System.GetTimestamp();
        var lags = new List<long>();
        Probe last;
        do
        {
            // The outage has a fixed length by design; the probes sample it, they do not wait for a condition.
            await Task.Delay(ProbeEvery, TestContext.Current.CancellationToken);
            last = await ProbeAsync(offsets, stored);
            lags.Add(last.Lag);
            await AssertHoldsAtMostTwoBatchesWithEveryPartitionPausedAsync(ingester);
        }
        while (TimeProvider.System.GetElapsedTime(outageStarted) < Outage);

        Assert.True(storage.FailedAttempts > 1, "the writer was retried during the outage");
        Assert.True(lags[0] > 0, "records were waiting after the first seconds of the outage");
        Assert.True(lags[^1] > lags[0], $"the lag grew while storage was down (samples: {string.Join(", ", lags)})");

        // Everything below the committed offsets is stored, so every record behind them is exactly what is unwritten.
        Assert.Equal(last.Unwritten, last.Lag);

        storage.Heal();
        await load.WaitForMoreAsync(10, "traces keep arriving after the recovery");
        var traces = await load.StopAsync();
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored after the recovery");
        await stored.AssertEachStoredExactlyOnceAsync(traces, SpansPerTrace);
        await Eventually.HoldsAsync(() => offsets.Lag() == 0, "the group commits up to the end of every partition");
        var after = await MetricsScrape.TakeAsync(ingester.AdminPort);
        Assert.Equal(0, after.Value("jaeger_ingester_paused_partitions"));
    }

    /// <summary>
    /// Reads the committed offsets first and the store second: a commit only follows a write, so a record committed at
    /// the first read is visible at the second. Fails if any committed record is not stored.
    /// </summary>
    private static async Task<Probe> ProbeAsync(GroupOffsets offsets, StoredSpans stored)
    {
        var committed = offsets.Committed();
        var highs = offsets.HighWatermarks();
        var unwritten = 0;
        foreach (var (partition, offset, key) in offsets.ReadTopic(highs))
        {
            if ((await stored.SpanIdsAsync(TraceIdBytes.FromHex(key))).Count == SpansPerTrace)
            {
                continue;
            }

            unwritten++;
            Assert.True(
                offset >= committed[partition],
                $"partition {partition} committed offset {committed[partition]}, past unwritten record {offset} (trace {key})");
        }

        return new Probe(highs.Sum(high => high.Value - committed[high.Key]), unwritten);
    }

    private static async Task AssertHoldsAtMostTwoBatchesWithEveryPartitionPausedAsync(IngesterUnderTest ingester)
    {
        var metrics = await MetricsScrape.TakeAsync(ingester.AdminPort);
        Assert.Equal(KafkaWithStore.SpanPartitions, metrics.Value("jaeger_ingester_paused_partitions"));
        var held = metrics.Sum("jaeger_ingester_records_consumed_total") - metrics.Sum("jaeger_ingester_records_written_total");
        Assert.InRange(held, 1, MostRecordsHeld);
    }

    private readonly record struct Probe(long Lag, int Unwritten);
}
