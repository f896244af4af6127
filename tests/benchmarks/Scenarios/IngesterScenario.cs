using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.EmbeddedKafka;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// Streams records into the mock at a fixed rate, stepping the rate up until the sink stops keeping up, for three
/// sinks in turn: the ingester into the embedded store, the ingester into a null writer, and raw consume.
/// </summary>
internal static class IngesterScenario
{
    // Spans per second offered at each step.
    private static readonly double[] Rates = [2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 150_000, 200_000, 300_000, 400_000];

    public static async Task RunAsync(HarnessArguments arguments, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        var records = SpanRecords.From(RealisticLoad.Build());
        using var kafka = new EmbeddedKafkaCluster(AllInOneHost.KafkaBrokers);

        Func<string, CancellationToken, Task<(Func<long>, Func<ValueTask>)>> Ingester(bool nullWriter) => async (topic, ct) =>
        {
            var ingester = await IngesterUnderTest.StartAsync(kafka.BootstrapServers, topic, topic + "-group", nullWriter, ct);
            return (() => ingester.Writer.Spans, ingester.DisposeAsync);
        };

        var store = await StepAsync("ingester.store", "ingester into the embedded store", kafka, records, arguments, report, output, Ingester(nullWriter: false), cancellationToken);
        var nullWriter = await StepAsync("ingester.null_writer", "ingester into a null writer", kafka, records, arguments, report, output, Ingester(nullWriter: true), cancellationToken);

        var raw = await StepAsync("raw_consume", "raw consume, the ingester's consumer settings", kafka, records, arguments, report, output, (topic, _) =>
        {
            var consumer = new RawConsumer(kafka.BootstrapServers, topic, topic + "-group", records.SpansPerRecord);
            return Task.FromResult<(Func<long>, Func<ValueTask>)>((() => consumer.Spans, () =>
            {
                consumer.Dispose();
                return ValueTask.CompletedTask;
            }));
        }, cancellationToken);

        report.Add("ingester.null_writer.ratio_to_raw_consume", nullWriter / raw, "ratio", "sustained null-writer spans/s over sustained raw consume spans/s");
        report.Add("ingester.store.ratio_to_raw_consume", store / raw, "ratio", "sustained store spans/s over sustained raw consume spans/s");
    }

    /// <summary>
    /// Steps the offered rate up. A step is sustained when the sink took at least 90% of what was offered during it (a
    /// low-rate step holds few records, so batch boundaries alone move the count by several percent) and ended less
    /// than one second of load behind. Returns the highest sustained rate the sink achieved.
    /// </summary>
    private static async Task<double> StepAsync(
        string key,
        string what,
        EmbeddedKafkaCluster kafka,
        SpanRecords records,
        HarnessArguments arguments,
        Report report,
        TextWriter output,
        Func<string, CancellationToken, Task<(Func<long> Sunk, Func<ValueTask> Stop)>> start,
        CancellationToken cancellationToken)
    {
        var topic = key.Replace('.', '-');
        kafka.CreateTopic(topic, AllInOneHost.SpanTopicPartitions);
        var (sunk, stop) = await start(topic, cancellationToken);
        var sustained = 0.0;
        var highest = 0.0;
        try
        {
            using var producer = new PacedProducer(kafka.BootstrapServers, topic, records, Rates[0]);
            await WaitForFirstAsync(sunk, what, cancellationToken);
            await Task.Delay(arguments.Warmup, cancellationToken);
            await CatchUpAsync(producer, sunk, cancellationToken);
            foreach (var rate in Rates)
            {
                producer.SpansPerSecond = rate;
                var (producedBefore, sunkBefore) = (producer.Produced, sunk());
                var clock = CpuClock.Start();
                await Task.Delay(arguments.Duration, cancellationToken);
                var (produced, taken) = (producer.Produced - producedBefore, sunk() - sunkBefore);
                var achieved = taken / clock.Wall.TotalSeconds;
                var behind = producer.Produced - sunk();
                var kept = taken >= 0.9 * produced && behind < rate;
                highest = Math.Max(highest, achieved);
                await output.WriteLineAsync($"  {what}: offered {rate:N0} spans/s, produced {produced / clock.Wall.TotalSeconds:N0}, took {achieved:N0} spans/s, {behind:N0} behind{(kept ? "" : " — not sustained")}");
                if (!kept)
                {
                    break;
                }

                sustained = achieved;
                report.Add($"{key}.cpu_s_per_m_spans_at_{rate / 1000:0.#}k", taken == 0 ? double.NaN : clock.Cpu.TotalSeconds * 1_000_000 / taken, "CPU s/M", what + ": process CPU per million spans at this step (producer and mock included)");
            }
        }
        finally
        {
            await stop();
        }

        report.Add(key + ".sustained_spans_per_s", sustained, "spans/s", what + ": highest rate kept up with");
        report.Add(key + ".peak_spans_per_s", highest, "spans/s", what + ": highest rate taken in any step");
        return sustained;
    }

    /// <summary>What piled up while the group was joining is not part of the first step: wait (up to 30 s) until it is taken.</summary>
    private static async Task CatchUpAsync(PacedProducer producer, Func<long> sunk, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (producer.Produced - sunk() > producer.SpansPerSecond / 2 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Joining the consumer group takes the mock a few seconds; the warm-up starts after the first spans arrive.</summary>
    private static async Task WaitForFirstAsync(Func<long> sunk, string what, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (sunk() == 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The {what} took no spans within 60 s of starting; is the consumer group joining?");
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
