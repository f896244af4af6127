using System.Diagnostics;
using System.Globalization;
using System.Net;
using Confluent.Kafka;
using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.EmbeddedKafka;
using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// Ten times the sustainable rate (issue #9), protected as an operator would protect it: the collector with its global
/// rate limit at <c>--rate</c> spans/s (a rate the ingester sustains into the embedded store), and OTLP/HTTP protobuf
/// offered open-loop at ten times that for the warm-up and <c>--seconds</c> (default 60). The pipeline is the
/// all-in-one's (its mock Kafka topics, its ingester's settings, the embedded store), except that the collector runs in
/// a process of its own (<see cref="CollectorProcess"/>), so that its memory, which the target is about, is measured
/// apart from the mock's logs, the ingester's and the load client's. Every request carries traces never sent before,
/// so afterwards each trace of each 200 is looked up in the store: an accepted span that never arrives is lost. Memory
/// is sampled twice a second, for the collector's process and for this one. A second, shorter phase
/// (<c>overload.unlimited.*</c>, at most 20 s) offers the same load with no rate limit, to show what the collector's
/// in-flight bound and producer queue do alone; there the backlog outgrows the mock Kafka's 5 MiB per partition, and
/// what the mock drops is reported as such.
/// </summary>
internal static class OverloadScenario
{
    private const int Overload = 10;
    private const double RssTargetMiB = 512;
    private const double MiB = 1024 * 1024;
    private static readonly TimeSpan SampleInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan FlatnessWindow = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan RecheckInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan JoinLimit = TimeSpan.FromSeconds(30);

    // When nothing more arrives for this long, what is missing is gone (the mock dropped it), not late.
    private static readonly TimeSpan StallLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan UnlimitedDuration = TimeSpan.FromSeconds(20);

    /// <summary>One request as sent: which traces it carried, when it was due and answered (Stopwatch ticks), and the answer.</summary>
    private readonly record struct Sent(FreshSend Send, long Due, long Answered, ExportAnswer Answer);

    /// <summary>One all-in-one run: its report key prefix, its protection in words, and its load (<c>--rate</c> is <see cref="Sustainable"/>).</summary>
    private sealed record Phase(string Key, string What, TimeSpan Warmup, TimeSpan Duration, int? Limit, int Sustainable);

    public static async Task RunAsync(HarnessArguments arguments, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        var limit = (int)arguments.SpansPerSecond;
        var bodies = new FreshTraceBodies(RealisticLoad.Build());
        var limited = new Phase("overload", $"global rate limit {limit:N0} spans/s", arguments.Warmup, arguments.Duration, limit, limit);
        await PhaseAsync(limited, bodies, report, output, cancellationToken);

        // What the limit protects against: the same load with no limit. Shorter, since the backlog only grows.
        var unlimited = new Phase("overload.unlimited", "no rate limit", arguments.Warmup, arguments.Duration < UnlimitedDuration ? arguments.Duration : UnlimitedDuration, null, limit);
        await PhaseAsync(unlimited, bodies, report, output, cancellationToken);
    }

    private static async Task PhaseAsync(Phase phase, FreshTraceBodies bodies, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        // The protection under test; the burst stays at its default, one second's worth.
        List<string> limit = phase.Limit is { } spansPerSecond
            ? [$"--Collector:RateLimits:Global:SpansPerSecond={spansPerSecond.ToString(CultureInfo.InvariantCulture)}"]
            : [];
        var (key, what) = (phase.Key, phase.What);
        await output.WriteLineAsync($"{key}: collector with {what} (its own process), ingester into the embedded store, offered {phase.Sustainable * Overload:N0} spans/s for {(phase.Warmup + phase.Duration).TotalSeconds:0.#} s");

        using var kafka = new EmbeddedKafkaCluster(AllInOneHost.KafkaBrokers);
        kafka.CreateTopic(SpanRecordContract.DefaultTopic, AllInOneHost.SpanTopicPartitions);
        kafka.CreateTopic(SpanRecordContract.DefaultDeadLetterTopic, 1);
        await using var ingester = await IngesterUnderTest.StartAsync(
            kafka.BootstrapServers, SpanRecordContract.DefaultTopic, "jaeger-ingester", nullWriter: false, cancellationToken,
            new Dictionary<string, string?> { ["Ingester:FetchWaitMax"] = AllInOneHost.MockFetchWaitMax });
        await JoinedAsync(ingester, output, cancellationToken);
        await using var collector = await CollectorProcess.StartAsync(kafka.BootstrapServers, limit, cancellationToken);
        using var otlp = new OtlpHttpClient(collector.HttpTraces, connections: 64);

        collector.Process.Refresh();
        var collectorBefore = collector.Process.WorkingSet64;
        MemorySampler.ResetPeak();
        await using var collectorMemory = new MemorySampler(SampleInterval, collector.Process);
        await using var harnessMemory = new MemorySampler(SampleInterval);
        var (sent, outstanding) = await OfferAsync(otlp, bodies, (double)phase.Sustainable * Overload / RealisticLoad.SpansPerRequest, phase.Warmup + phase.Duration, cancellationToken);
        var collectorSamples = await collectorMemory.StopAsync();
        var harnessSamples = await harnessMemory.StopAsync();

        // The collector's high-water mark covers its whole life: start-up holds less than the load does.
        var collectorPeak = Math.Max(MemorySampler.PeakResidentBytes(collector.Process.Id), MemorySampler.MaxResidentBytes(collectorSamples, TimeSpan.Zero, TimeSpan.MaxValue));
        var harnessPeak = Math.Max(MemorySampler.PeakResidentBytes(), MemorySampler.MaxResidentBytes(harnessSamples, TimeSpan.Zero, TimeSpan.MaxValue));
        ReportLoad(phase, sent, collectorSamples, collectorPeak, collectorBefore, report, output);
        ReportHarnessMemory(phase, harnessSamples, harnessPeak, report);
        report.Add(key + ".client_in_flight_peak", outstanding, "requests", $"{what}: most requests the load client held at once, waiting for a connection or an answer");
        report.Add(key + ".client_bodies_peak_mib", outstanding * bodies.MeanBodyBytes / MiB, "MiB", $"{what}: the bodies of those requests, part of the harness's RSS (the client's share)");

        var (accepted, stored, lostTraces, drain) = await DrainAsync(sent, bodies, ingester.DataDir, output, cancellationToken);
        var dropped = RecordsDroppedByMock(kafka.BootstrapServers);
        await output.WriteLineAsync($"{key}: {accepted:N0} spans accepted, {stored:N0} of them stored, {accepted - stored:N0} lost; {(drain is { } d ? $"drained {d.TotalSeconds:0.0} s after the load" : "not drained")}; the mock Kafka trimmed {dropped:N0} records from its logs");
        report.Add(key + ".accepted_spans", accepted, "spans", $"{what}: spans answered 200, warm-up included (requests with a partial success left out)");
        report.Add(key + ".stored_spans", stored, "spans", $"{what}: of those, spans readable in the store within {DrainLimit.TotalSeconds:0} s of the load's end (or {StallLimit.TotalSeconds:0} s without progress)");
        report.Add(key + ".lost_spans", accepted - stored, "spans", $"{what}: accepted and never stored (target 0)");
        report.Add(key + ".lost_traces", lostTraces, "traces", $"{what}: accepted traces not stored whole");
        report.Add(key + ".kafka_records_dropped_by_mock", dropped, "records", $"{what}: span records the mock Kafka trimmed from its logs (its 5 MiB per partition cap), read or not; only those not yet read are lost, by the test bed, and they show in lost_spans");
        report.Add(key + ".drain_s", drain?.TotalSeconds ?? double.NaN, "s", $"{what}: load's end → every accepted span readable (n/a: not drained)");
    }

    /// <summary>Waits, as the all-in-one's start does, for the ingester to hold its partitions, so the load does not start behind a join.</summary>
    private static async Task JoinedAsync(IngesterUnderTest ingester, TextWriter output, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (ingester.NotReadyReason is { } reason)
        {
            if (clock.Elapsed > JoinLimit)
            {
                await output.WriteLineAsync($"  the ingester is still not ready after {JoinLimit.TotalSeconds:0} s ({reason}); starting the load anyway");
                return;
            }

            await Task.Delay(RecheckInterval, cancellationToken);
        }
    }

    /// <summary>
    /// The mock keeps at most 5 MiB per partition log and drops the oldest message sets beyond it, moving the log's start
    /// offset: the sum of the start offsets of the span topic is the number of records it trimmed, whether they had been
    /// consumed by then or not.
    /// </summary>
    private static long RecordsDroppedByMock(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig { BootstrapServers = bootstrapServers, GroupId = "bench-watermarks" })
            .SetLogHandler((_, _) => { })
            .Build();
        long dropped = 0;
        for (var partition = 0; partition < AllInOneHost.SpanTopicPartitions; partition++)
        {
            dropped += consumer.QueryWatermarkOffsets(new TopicPartition(SpanRecordContract.DefaultTopic, partition), TimeSpan.FromSeconds(10)).Low.Value;
        }

        return dropped;
    }

    /// <summary>
    /// Open loop (<see cref="OpenLoop.PaceAsync"/>): each request is sent once, when due, whatever happened to the others.
    /// Also answers the most requests the client held at once (from building the body to the answer).
    /// </summary>
    private static async Task<(Sent[] Sent, int PeakOutstanding)> OfferAsync(
        OtlpHttpClient otlp, FreshTraceBodies bodies, double requestsPerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var sent = new Sent[OpenLoop.Total(requestsPerSecond, duration)];
        var outstanding = 0;
        var peak = 0;
        var start = Stopwatch.GetTimestamp();
        await OpenLoop.PaceAsync(requestsPerSecond, duration, async (index, due) =>
        {
            var now = Interlocked.Increment(ref outstanding);
            int seen;
            while (now > (seen = Volatile.Read(ref peak)) && Interlocked.CompareExchange(ref peak, now, seen) != seen)
            {
            }

            var (send, body) = bodies.Next();
            var answer = await otlp.ExportAsync(body, cancellationToken);
            Interlocked.Decrement(ref outstanding);
            sent[index] = new Sent(send, due - start, Stopwatch.GetTimestamp() - start, answer);
        }, cancellationToken);
        return (sent, peak);
    }

    private static void ReportLoad(Phase phase, Sent[] sent, IReadOnlyList<MemorySample> samples, double peak, double before, Report report, TextWriter output)
    {
        // Answers are counted for requests due in the measured window; the warm-up only fills the pipeline.
        var measuredFrom = (long)(phase.Warmup.TotalSeconds * Stopwatch.Frequency);
        long requests = 0, ok = 0, tooMany = 0, unavailable = 0, other = 0, failed = 0, acceptedSpans = 0;
        var latencies = new Latencies();
        foreach (var request in sent)
        {
            if (request.Due < measuredFrom)
            {
                continue;
            }

            requests++;
            latencies.Record(request.Answered - request.Due);
            switch (request.Answer.Status)
            {
                case HttpStatusCode.OK:
                    ok++;
                    acceptedSpans += RealisticLoad.SpansPerRequest - request.Answer.RejectedSpans;
                    break;
                case HttpStatusCode.TooManyRequests:
                    tooMany++;
                    break;
                case HttpStatusCode.ServiceUnavailable:
                    unavailable++;
                    break;
                case null:
                    failed++;
                    break;
                default:
                    other++;
                    break;
            }
        }

        latencies = Latencies.Merge([latencies]);
        var seconds = phase.Duration.TotalSeconds;
        var refused = (double)(tooMany + unavailable) / requests;
        var measuredEnd = phase.Warmup + phase.Duration;
        var first = MemorySampler.MaxResidentBytes(samples, phase.Warmup, phase.Warmup + FlatnessWindow);
        var last = MemorySampler.MaxResidentBytes(samples, measuredEnd - FlatnessWindow, measuredEnd + SampleInterval);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{phase.Key}: offered {requests * RealisticLoad.SpansPerRequest / seconds:N0} spans/s, {phase.What}: {ok} × 200, {tooMany} × 429, {unavailable} × 503, {other} other, {failed} failed; the collector's peak RSS {peak / MiB:N0} MiB"));
        var (key, what) = (phase.Key, phase.What);
        if (phase.Limit is { } limit)
        {
            report.Add(key + ".limit_spans_per_s", limit, "spans/s", "Collector:RateLimits:Global:SpansPerSecond (--rate), burst one second's worth");
        }

        report.Add(key + ".offered_spans_per_s", requests * RealisticLoad.SpansPerRequest / seconds, "spans/s", $"{what}: OTLP/HTTP protobuf offered open-loop, {Overload}x --rate, never retried");
        report.Add(key + ".accepted_spans_per_s", acceptedSpans / seconds, "spans/s", $"{what}: spans answered 200 in the measured window");
        report.Add(key + ".accepted_ratio_to_rate", acceptedSpans / seconds / phase.Sustainable, "ratio", $"{what}: accepted over --rate (1 = a limit at --rate holds exactly)");
        report.Add(key + ".requests", requests, "requests", $"{what}: requests due in the measured window");
        report.Add(key + ".answered_200", ok, "requests", $"{what}: accepted");
        report.Add(key + ".answered_429", tooMany, "requests", $"{what}: refused by a rate limit");
        report.Add(key + ".answered_503", unavailable, "requests", $"{what}: refused for the in-flight bound or a full Kafka producer queue");
        report.Add(key + ".answered_other", other, "requests", $"{what}: any other status");
        report.Add(key + ".failed", failed, "requests", $"{what}: no answer (connection error or 60 s timeout)");
        report.Add(key + ".refused_fraction", refused, "ratio", $"{what}: 429 and 503 over requests (a limit at --rate holding exactly refuses {1 - 1.0 / Overload:0.0})");
        report.Add(key + ".answer_p50_ms", latencies.PercentileMs(50), "ms", $"{what}: any answer, from when the request was due, p50");
        report.Add(key + ".answer_p99_ms", latencies.PercentileMs(99), "ms", $"{what}: any answer, from when the request was due, p99");
        report.Add(key + ".collector_rss_before_mib", before / MiB, "MiB", $"{what}: RSS of the collector's process after start-up, before the load");
        report.Add(key + ".collector_rss_peak_mib", peak / MiB, "MiB", $"{what}: peak RSS of the collector's own process (VmHWM over its life, and the samples)");
        report.Add(key + ".collector_rss_peak_ratio_to_target", peak / MiB / RssTargetMiB, "ratio", $"{what}: the collector's peak RSS over the {RssTargetMiB:0} MiB target (below 1 meets it)");
        report.Add(key + ".collector_rss_first_10s_mib", first / MiB, "MiB", $"{what}: the collector's largest RSS sample in the first 10 s of the measured window");
        report.Add(key + ".collector_rss_last_10s_mib", last / MiB, "MiB", $"{what}: the collector's largest RSS sample in the last 10 s of the measured window");
        report.Add(key + ".collector_rss_growth_ratio", last / first, "ratio", $"{what}: the collector's RSS, last 10 s over first 10 s (1 = flat)");
    }

    private static void ReportHarnessMemory(Phase phase, IReadOnlyList<MemorySample> samples, double peak, Report report)
    {
        var heap = 0L;
        foreach (var sample in samples)
        {
            heap = Math.Max(heap, sample.ManagedHeapBytes);
        }

        var (key, what) = (phase.Key, phase.What);
        report.Add(key + ".harness_rss_peak_mib", peak / MiB, "MiB", $"{what}: peak RSS (VmHWM, reset before the load) of the harness's process: the mock Kafka and its backlog, the ingester, the load client; not the collector");
        report.Add(key + ".harness_managed_heap_peak_mib", heap / MiB, "MiB", $"{what}: the harness's largest managed heap sample (GC.GetTotalMemory)");
    }

    /// <summary>
    /// Waits (up to <see cref="DrainLimit"/>, or until <see cref="StallLimit"/> passes with no trace completing) until every trace of every 200 is readable with all its spans, reading the
    /// store as the query service does. Answers the spans accepted, the spans of those found stored, the traces not
    /// stored whole, and the drain time (null when it did not drain).
    /// </summary>
    private static async Task<(long Accepted, long Stored, int LostTraces, TimeSpan? Drain)> DrainAsync(
        Sent[] sent, FreshTraceBodies bodies, string dataDir, TextWriter output, CancellationToken cancellationToken)
    {
        var pending = new List<(TraceId Id, int Spans)>();
        long accepted = 0;
        foreach (var request in sent)
        {
            if (request.Answer is not { Status: HttpStatusCode.OK, RejectedSpans: 0 })
            {
                continue;
            }

            for (var t = 0; t < bodies.TraceCount(request.Send); t++)
            {
                var trace = bodies.Trace(request.Send, t);
                pending.Add(trace);
                accepted += trace.Spans;
            }
        }

        await using var provider = EmbeddedStore.Services(dataDir, services => services.AddEmbeddedTraceReader());
        var reader = provider.GetRequiredService<ITraceReader>();

        long stored = 0;
        long partial = 0;
        var clock = Stopwatch.StartNew();
        var reported = TimeSpan.Zero;
        var progressed = TimeSpan.Zero;
        while (pending.Count > 0 && clock.Elapsed < DrainLimit && clock.Elapsed - progressed < StallLimit)
        {
            var still = new List<(TraceId Id, int Spans)>();
            partial = 0;
            foreach (var (id, spans) in pending)
            {
                var found = await reader.GetTraceAsync(ReadScope.Default, id, null, cancellationToken) is { } trace ? CountSpans(trace.Trace) : 0;
                if (found >= spans)
                {
                    stored += spans;
                }
                else
                {
                    still.Add((id, spans));
                    partial += found;
                }
            }

            if (still.Count < pending.Count)
            {
                progressed = clock.Elapsed;
            }

            pending = still;
            if (pending.Count > 0)
            {
                if (clock.Elapsed - reported >= ProgressInterval)
                {
                    reported = clock.Elapsed;
                    await output.WriteLineAsync($"  drain: {pending.Count:N0} accepted traces not yet stored whole after {clock.Elapsed.TotalSeconds:0} s");
                }

                await Task.Delay(RecheckInterval, cancellationToken);
            }
        }

        return (accepted, stored + partial, pending.Count, pending.Count == 0 ? clock.Elapsed : null);
    }

    private static int CountSpans(TracesData trace)
    {
        var spans = 0;
        foreach (var resourceSpans in trace.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                spans += scopeSpans.Spans.Count;
            }
        }

        return spans;
    }
}
