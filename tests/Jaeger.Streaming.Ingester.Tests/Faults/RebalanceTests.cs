using Jaeger.Streaming.Ingester.Tests.Support;

namespace Jaeger.Streaming.Ingester.Tests.Faults;

/// <summary>Issue 5's rebalance: a second ingester joins the group during steady load and then leaves it gracefully.</summary>
public sealed class RebalanceTests
{
    private const int SpansPerTrace = 2;

    [Fact]
    public async Task An_ingester_joining_and_then_leaving_during_steady_load_leaves_every_span_stored_exactly_once()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        using var offsets = new GroupOffsets(kafka.BootstrapServers);
        using var stored = new StoredSpans(kafka.DataDir);
        await using var load = SteadyLoad.Start(producer, SpansPerTrace, TimeSpan.FromMilliseconds(50));
        StorageSwitch? first = null;
        await using var ingesterA = await IngesterUnderTest.StartAsync(kafka, real => first = new StorageSwitch(real));
        await Eventually.HoldsAsync(() => first is { Writes: > 2 }, "ingester A is writing");

        StorageSwitch? second = null;
        await using var ingesterB = await IngesterUnderTest.StartAsync(kafka, real => second = new StorageSwitch(real));
        await Eventually.HoldsAsync(() => second is { Writes: > 2 }, "ingester B has taken over partitions and is writing");
        await Eventually.HoldsAsync(
            async () => await AssignedAsync(ingesterA) + await AssignedAsync(ingesterB) == KafkaWithStore.SpanPartitions,
            "the two ingesters share the partitions");
        Assert.InRange(await AssignedAsync(ingesterA), 1, KafkaWithStore.SpanPartitions - 1);

        // A graceful leave, as on SIGTERM: B finishes its batch, commits, and leaves the group.
        await ingesterB.StopAsync();
        await Eventually.HoldsAsync(async () => await AssignedAsync(ingesterA) == KafkaWithStore.SpanPartitions, "ingester A owns every partition again");
        var writesAfterLeave = first!.Writes;
        await load.WaitForMoreAsync(20, "records keep flowing after B left");
        var traces = await load.StopAsync();

        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");
        await stored.AssertEachStoredExactlyOnceAsync(traces, SpansPerTrace);
        Assert.True(first.Writes > writesAfterLeave, "ingester A wrote what arrived after B left");
        await Eventually.HoldsAsync(() => offsets.Lag() == 0, "the group commits up to the end of every partition");
    }

    private static async Task<double> AssignedAsync(IngesterUnderTest ingester) =>
        (await MetricsScrape.TakeAsync(ingester.AdminPort)).Value("jaeger_ingester_assigned_partitions") ?? 0;
}
