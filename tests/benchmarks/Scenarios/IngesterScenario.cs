using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.EmbeddedKafka;
using Jaeger.Streaming.Ingester.Redaction;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// Streams records into the mock at a fixed rate, stepping the rate up until the sink stops keeping up, for seven
/// sinks in turn: the ingester into the embedded store, the ingester into a null writer, the simplest loop (decode and
/// redact inline, <see cref="InlineLoopConsumer"/>), the same loop only walking each record's framing, pre-scanning it,
/// and redacting its bytes, and raw consume. Between the
/// last step kept and the first one not kept it bisects, and with <c>--repeat N</c> it climbs N times and reports the median;
/// <c>--sinks</c> picks which sinks climb (the ratios and ceilings need the sinks they compare).
/// Before the climbs it measures the ingester's steps alone, and after them derives the ceilings those allow.
/// </summary>
internal static class IngesterScenario
{
    // Spans per second offered at each coarse step.
    private static readonly double[] Rates = [2_500, 5_000, 10_000, 25_000, 50_000, 100_000, 150_000, 200_000, 300_000, 400_000];

    // Below this a step's last half second, still unfetched at the lowest rates, can be more than the 10% a step may miss.
    private static readonly TimeSpan MinStep = TimeSpan.FromSeconds(6);

    // Each halves the gap (geometrically) between the last rate kept and the first not kept: 3 turn a 2x gap into 9%.
    private const int Bisections = 3;

    public static async Task RunAsync(HarnessArguments arguments, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        if (arguments.Duration < MinStep)
        {
            await output.WriteLineAsync($"  note: steps of {arguments.Duration.TotalSeconds:0.#} s are short for this scenario: an idle consumer waits out the mock's 500 ms fetch wait, so its lowest steps may miss 90% by that alone; use --seconds {MinStep.TotalSeconds:0} or more");
        }

        var records = SpanRecords.From(RealisticLoad.Build());
        var steps = await IngesterStepCost.MeasureAsync(records, arguments.Duration, report, output, cancellationToken);
        using var kafka = new EmbeddedKafkaCluster(AllInOneHost.KafkaBrokers);

        Func<string, CancellationToken, Task<(Func<long>, Func<ValueTask>)>> Ingester(bool nullWriter) => async (topic, ct) =>
        {
            var ingester = await IngesterUnderTest.StartAsync(kafka.BootstrapServers, topic, topic + "-group", nullWriter, ct);
            return (() => ingester.Writer.Spans, ingester.DisposeAsync);
        };

        var sink = new SinkRun(kafka, records, arguments, report, output);
        async Task<SinkClimb?> Climb(string name, string key, string what, Func<string, CancellationToken, Task<(Func<long>, Func<ValueTask>)>> start) =>
            arguments.Sinks.Contains(name) ? await sink.ClimbAsync(key, what, start, cancellationToken) : null;

        var store = await Climb("store", "ingester.store", "ingester into the embedded store", Ingester(nullWriter: false));
        var nullWriter = await Climb("null_writer", "ingester.null_writer", "ingester into a null writer", Ingester(nullWriter: true));
        await using var redaction = RedactionScenario.DefaultRedaction();
        var redactor = redaction.GetRequiredService<SpanRedactor>();
        var inlineLoop = await Climb("inline_loop", "inline_loop", "inline loop: decode and redact inline, one consumer per core", Consumer(
            topic => InlineLoopConsumer.DecodeAndRedact(kafka.BootstrapServers, topic, topic + "-group", redactor), loop => loop.Spans));
        var scanLoop = await Climb("scan_loop", "scan_loop", "scan loop: each record's framing walked inline, nothing decoded, one consumer per core", Consumer(
            topic => InlineLoopConsumer.ScanOnly(kafka.BootstrapServers, topic, topic + "-group"), loop => loop.Spans));
        var preScanLoop = await Climb("prescan_loop", "prescan_loop", "pre-scan loop: each record's keys and texts reached in its bytes and profiled inline, nothing built, one consumer per core", Consumer(
            topic => InlineLoopConsumer.PreScan(kafka.BootstrapServers, topic, topic + "-group"), loop => loop.Spans));
        var byteRedactionLoop = await Climb("byte_redaction_loop", "byte_redaction_loop", "byte redaction loop: each record redacted on its bytes inline (ByteRedaction), no message built, one consumer per core", Consumer(
            topic => InlineLoopConsumer.RedactBytes(kafka.BootstrapServers, topic, topic + "-group"), loop => loop.Spans));
        var raw = await Climb("raw_consume", "raw_consume", "raw consume, the ingester's consumer settings", Consumer(
            topic => new RawConsumer(kafka.BootstrapServers, topic, topic + "-group", records.SpansPerRecord), consumer => consumer.Spans));

        void Ratio(string key, SinkClimb? of, SinkClimb? to, string description)
        {
            if (of is not null && to is not null)
            {
                report.Add(key, of.Sustained / to.Sustained, "ratio", description);
            }
        }

        Ratio("ingester.null_writer.ratio_to_raw_consume", nullWriter, raw, "sustained null-writer spans/s over sustained raw consume spans/s (medians)");
        Ratio("ingester.store.ratio_to_raw_consume", store, raw, "sustained store spans/s over sustained raw consume spans/s (medians)");
        Ratio("inline_loop.ratio_to_raw_consume", inlineLoop, raw, "the inline loop's sustained rate over raw consume's");
        Ratio("scan_loop.ratio_to_raw_consume", scanLoop, raw, "the scan loop's sustained rate over raw consume's: what a loop that reads every record's framing, and builds nothing, allows on this transport; the room any decoder and redactor have");
        Ratio("prescan_loop.ratio_to_raw_consume", preScanLoop, raw, "the pre-scan loop's sustained rate over raw consume's: what a loop doing the least redaction does on the record's bytes (BytePreScan), building no message, allows");
        Ratio("byte_redaction_loop.ratio_to_raw_consume", byteRedactionLoop, raw, "the byte redaction loop's sustained rate over raw consume's: the most an ingester that redacts the record's bytes, building no message, allows on this load");
        Ratio("ingester.null_writer.ratio_to_inline_loop", nullWriter, inlineLoop, "the null-writer sink's sustained rate over the inline loop's: above 1, the ingester's own loop (batches, records prepared on the thread pool while it polls, offsets after the write) does better than the least a loop must do");
        await IngesterCeilings.AddAsync(steps, store, nullWriter, raw, report, output);
    }

    /// <summary>A sink that is a consumer of the harness's own: started on the sink's topic, counted, disposed after its climbs.</summary>
    private static Func<string, CancellationToken, Task<(Func<long>, Func<ValueTask>)>> Consumer<T>(Func<string, T> start, Func<T, long> spans)
        where T : IDisposable => (topic, _) =>
    {
        var consumer = start(topic);
        return Task.FromResult<(Func<long>, Func<ValueTask>)>((() => spans(consumer), () =>
        {
            consumer.Dispose();
            return ValueTask.CompletedTask;
        }));
    };

    /// <summary>One sink's climbs up the rate ladder, on a topic of its own.</summary>
    private sealed class SinkRun(EmbeddedKafkaCluster kafka, SpanRecords records, HarnessArguments arguments, Report report, TextWriter output)
    {
        /// <summary>Climbs <c>--repeat</c> times; returns the median of the highest rates kept up with, and the CPU per span at each coarse step kept.</summary>
        public async Task<SinkClimb> ClimbAsync(
            string key,
            string what,
            Func<string, CancellationToken, Task<(Func<long> Sunk, Func<ValueTask> Stop)>> start,
            CancellationToken cancellationToken)
        {
            var topic = key.Replace('.', '-');
            kafka.CreateTopic(topic, AllInOneHost.SpanTopicPartitions);
            var (sunk, stop) = await start(topic, cancellationToken);
            var climbs = new List<double>();
            var cpuByRate = new SortedDictionary<double, List<double>>();
            var allocated = new List<double>();
            var longestKeptStall = TimeSpan.Zero;
            try
            {
                using var producer = new PacedProducer(kafka.BootstrapServers, topic, records, Rates[0]);
                await WaitForFirstAsync(sunk, what, cancellationToken);
                await Task.Delay(arguments.Warmup, cancellationToken);
                await CatchUpAsync(producer, sunk, cancellationToken);
                using var stalls = new StallWatch(sunk);
                var steps = new RateSteps(producer, sunk, stalls, arguments.Duration);
                for (var climb = 1; climb <= arguments.Repeat; climb++)
                {
                    if (climb > 1)
                    {
                        await steps.DrainAsync(cancellationToken);
                    }

                    var (sustained, kept) = await ClimbOnceAsync(steps, what, climb, cancellationToken);
                    climbs.Add(sustained);
                    foreach (var step in kept)
                    {
                        longestKeptStall = step.Stall.Length > longestKeptStall ? step.Stall.Length : longestKeptStall;
                        if (Array.IndexOf(Rates, step.Rate) >= 0 && step.Taken > 0)
                        {
                            if (!cpuByRate.TryGetValue(step.Rate, out var cpu))
                            {
                                cpuByRate.Add(step.Rate, cpu = []);
                            }

                            cpu.Add(step.CpuSecondsPerMillionSpans);
                            allocated.Add(step.AllocatedBytesPerSpan);
                        }
                    }
                }
            }
            finally
            {
                await stop();
            }

            var cpuMedians = new SortedDictionary<double, double>();
            foreach (var (rate, cpu) in cpuByRate)
            {
                cpuMedians.Add(rate, Median(cpu));
                report.Add($"{key}.cpu_s_per_m_spans_at_{rate / 1000:0.#}k", cpuMedians[rate], "CPU s/M", what + ": process CPU per million spans at this step (producer and mock included; median of the climbs)");
            }

            report.Add(key + ".allocated_bytes_per_span", Median(allocated), "bytes", what + ": managed allocation of the whole process per span taken (median over the kept steps)");
            var median = Median(climbs);
            report.Add(key + ".sustained_spans_per_s", median, "spans/s", what + $": highest rate kept up with (median of {climbs.Count} climbs)");
            if (climbs.Count > 1)
            {
                report.Add(key + ".sustained_spans_per_s_min", climbs.Min(), "spans/s", what + ": lowest of the climbs");
                report.Add(key + ".sustained_spans_per_s_max", climbs.Max(), "spans/s", what + ": highest of the climbs");
            }

            report.Add(key + ".longest_stall_ms", longestKeptStall.TotalMilliseconds, "ms", what + ": longest time the sink took nothing, in any step kept up with");
            return new SinkClimb(median, cpuMedians);
        }

        /// <summary>Steps up the coarse ladder until a step is not kept, then bisects below it; returns the highest rate achieved in a kept step.</summary>
        private async Task<(double Sustained, List<RateStep> Kept)> ClimbOnceAsync(RateSteps steps, string what, int climb, CancellationToken cancellationToken)
        {
            var kept = new List<RateStep>();
            double? notKept = null;
            foreach (var rate in Rates)
            {
                var step = await steps.RunAsync(rate, cancellationToken);
                await output.WriteLineAsync($"  {what} #{climb}: {step}");
                if (!step.Kept)
                {
                    notKept = rate;
                    break;
                }

                kept.Add(step);
            }

            // Nothing kept: bisect down from a quarter of the first rate, which usually is kept.
            var low = kept.Count > 0 ? kept[^1].Rate : Rates[0] / 4;
            for (var i = 0; i < Bisections && notKept is { } high; i++)
            {
                await steps.DrainAsync(cancellationToken);
                var rate = Math.Round(Math.Sqrt(low * high) / 100) * 100;
                var step = await steps.RunAsync(rate, cancellationToken);
                await output.WriteLineAsync($"  {what} #{climb}: {step} (bisecting {low:N0}–{high:N0})");
                if (step.Kept)
                {
                    kept.Add(step);
                    low = rate;
                }
                else
                {
                    notKept = rate;
                }
            }

            var sustained = 0.0;
            foreach (var step in kept)
            {
                sustained = Math.Max(sustained, step.Achieved);
            }

            return (sustained, kept);
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

    private static double Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        values.Sort();
        var middle = values.Count / 2;
        return values.Count % 2 == 1 ? values[middle] : (values[middle - 1] + values[middle]) / 2;
    }
}

/// <summary>A sink's sustained rate (median of the climbs) and its process CPU per span, in µs, at each coarse step it kept.</summary>
internal sealed record SinkClimb(double Sustained, SortedDictionary<double, double> CpuUsPerSpanByRate);
