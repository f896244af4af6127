using Jaeger.Streaming.Ingester.Tests.Support;

namespace Jaeger.Streaming.Ingester.Tests.Delivery;

/// <summary>An offset is stored only after its record's spans are durably written (DESIGN §3).</summary>
public sealed class OffsetTests
{
    private const int Traces = 60;
    private const int SpansPerTrace = 3;

    [Fact]
    public async Task An_ingester_disposed_mid_stream_and_its_successor_in_the_group_store_every_span_exactly_once()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var traces = await producer.ProduceTracesAsync(Traces, SpansPerTrace);

        // A writes three batches, then its next write hangs: it is disposed with that batch in flight.
        ScriptedTraceWriter? first = null;
        var ingesterA = await IngesterUnderTest.StartAsync(kafka, real => first = new ScriptedTraceWriter(real) { StallAfterWrites = 3 });
        await Eventually.HoldsAsync(() => first is { Attempts: > 3 }, "ingester A is writing its fourth batch");
        await ingesterA.DisposeAsync();
        Assert.InRange(first!.SpansWritten, 1, (Traces * SpansPerTrace) - 1);

        ScriptedTraceWriter? second = null;
        await using var ingesterB = await IngesterUnderTest.StartAsync(kafka, real => second = new ScriptedTraceWriter(real));
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");

        await stored.AssertEachStoredExactlyOnceAsync(traces, SpansPerTrace);

        // B resumed from the offsets A stored and committed, rather than replaying the topic from the start.
        Assert.True(second!.SpansWritten < Traces * SpansPerTrace);
    }

    [Fact]
    public async Task An_ingester_joining_while_records_flow_takes_over_partitions_and_every_span_is_stored_exactly_once()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var traces = await producer.ProduceTracesAsync(Traces / 2, SpansPerTrace);
        ScriptedTraceWriter? first = null;
        await using var ingesterA = await IngesterUnderTest.StartAsync(kafka, real => first = new ScriptedTraceWriter(real));
        await Eventually.HoldsAsync(() => first is { SpansWritten: > 0 }, "ingester A is writing");

        // B's arrival makes A give up some partitions (cooperative, incremental) while records keep arriving.
        ScriptedTraceWriter? second = null;
        await using var ingesterB = await IngesterUnderTest.StartAsync(kafka, real => second = new ScriptedTraceWriter(real));
        await Eventually.HoldsAsync(
            async () =>
            {
                traces.Add(await producer.ProduceTraceAsync(SpansPerTrace));
                return second is { SpansWritten: > 0 };
            },
            "ingester B has taken over partitions and is writing");
        traces.AddRange(await producer.ProduceTracesAsync(Traces / 2, SpansPerTrace));

        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");

        await stored.AssertEachStoredExactlyOnceAsync(traces, SpansPerTrace);
    }

    [Fact]
    public async Task Records_whose_writes_never_succeeded_are_stored_by_the_next_ingester_in_the_group()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var traces = await producer.ProduceTracesAsync(Traces, SpansPerTrace);

        ScriptedTraceWriter? broken = null;
        var ingesterA = await IngesterUnderTest.StartAsync(kafka, real => broken = new ScriptedTraceWriter(real) { FailFirstAttempts = int.MaxValue });
        await Eventually.HoldsAsync(() => broken is { Attempts: > 3 }, "ingester A has retried a failing write");
        await ingesterA.DisposeAsync();

        await using var ingesterB = await IngesterUnderTest.StartAsync(kafka);
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");

        await stored.AssertEachStoredExactlyOnceAsync(traces, SpansPerTrace);
    }

    [Fact]
    public async Task A_failing_write_is_retried_until_it_succeeds_and_no_record_is_skipped()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var traces = await producer.ProduceTracesAsync(Traces, SpansPerTrace);

        ScriptedTraceWriter? flaky = null;
        await using var ingester = await IngesterUnderTest.StartAsync(kafka, real => flaky = new ScriptedTraceWriter(real) { FailFirstAttempts = 4 });
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");

        Assert.True(flaky!.Attempts > 4);
        await stored.AssertEachStoredExactlyOnceAsync(traces, SpansPerTrace);
    }
}
