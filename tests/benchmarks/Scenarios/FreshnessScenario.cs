using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Google.Protobuf;
using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The all-in-one under a fixed background load of new traces (<c>--rate</c>, spans/s; keep it below the ingester's
/// sustained rate, or the backlog, not freshness, is measured); five times a second a probe trace goes in, and its
/// freshness is the time from the collector's success answer to the trace being readable by id through the query API.
/// One trace of the last background request is read back too, to show the load's traces are stored. The load starts
/// once the ingester has joined its consumer group: started with the host, it built a backlog during the join (~3 s
/// here) that on a busy machine was still draining when the probes began, and the first probes' wait was reported as
/// the p99 (docs/performance.md).
/// </summary>
internal static class FreshnessScenario
{
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(10);
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(HarnessArguments arguments, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        var load = new FreshTraceBodies(RealisticLoad.Build());
        var dataDir = Directory.CreateTempSubdirectory("jaeger-bench-e2e-").FullName;
        var allInOne = LocalAllInOne.OnFreePorts();
        try
        {
            var starting = Stopwatch.StartNew();
            await using var host = await AllInOneHost.StartAsync([.. allInOne.Arguments], dataDir, cancellationToken);

            // Load sent before the ingester holds partitions piles up as a backlog it drains first, and the probes
            // would measure that drain rather than steady state.
            if (host.IngesterNotReadyReason is { } notReady)
            {
                throw new InvalidOperationException($"The all-in-one reported ready with its ingester not ready ({notReady}).");
            }

            using var otlp = new OtlpHttpClient(new Uri($"http://127.0.0.1:{allInOne.HttpPort}/v1/traces"), connections: 16);
            using var query = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{allInOne.QueryPort}") };
            await output.WriteLineAsync($"e2e: the all-in-one was ready, ingester joined, {starting.Elapsed.TotalSeconds:0.0} s after start; the load starts now");

            // Every trace of the load gets an id never sent before: the same spans sent again would each be an overwrite,
            // a replay's path through the store, not the inserts production traffic makes.
            var background = OpenLoop.RunAsync(
                otlp.SendAsync, _ => load.Next().Body, arguments.SpansPerSecond / RealisticLoad.SpansPerRequest, arguments.Warmup + arguments.Duration, cancellationToken);
            await Task.Delay(arguments.Warmup, cancellationToken);

            var probes = new List<Task<long>>();
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < arguments.Duration)
            {
                probes.Add(ProbeAsync(otlp, query, cancellationToken));
                await Task.Delay(ProbeInterval, cancellationToken);
            }

            var freshness = new Latencies();
            var lost = 0;
            foreach (var probe in probes)
            {
                var ticks = await probe;
                if (ticks < 0)
                {
                    lost++;
                }
                else
                {
                    freshness.Record(ticks);
                }
            }

            var loaded = await background;
            var (sampleId, sampleSpans) = load.Trace(load.Last, 0);
            var sampleRead = await SpansReadableAsync(query, sampleId.ToString(), cancellationToken);
            freshness = Latencies.Merge([freshness]);
            await output.WriteLineAsync($"e2e: {probes.Count} probes under {loaded.Accepted.PerSecond:N0} spans/s: freshness p50 {freshness.PercentileMs(50):0} ms, p99 {freshness.PercentileMs(99):0} ms, {lost} not readable within {GiveUpAfter.TotalSeconds:0} s");
            report.Add("e2e.background_spans_per_s", loaded.Accepted.PerSecond, "spans/s", "background OTLP/HTTP load accepted by the all-in-one");
            report.Add("e2e.background_refused", loaded.Refused, "requests", "background requests not answered success");
            report.Add("e2e.background_sample_spans_sent", sampleSpans, "spans", "spans of one trace of the last background request");
            report.Add("e2e.background_sample_spans_read", sampleRead, "spans", $"the same trace's spans read back by its id within {GiveUpAfter.TotalSeconds:0} s: the load's traces are new ones, stored and readable");
            report.Add("e2e.probes", probes.Count, "traces", "probe traces sent");
            report.Add("e2e.probes_not_readable", lost, "traces", $"probes not readable by id within {GiveUpAfter.TotalSeconds:0} s");
            report.Add("e2e.freshness_p50_ms", freshness.PercentileMs(50), "ms", "success answer → readable by id, p50");
            report.Add("e2e.freshness_p99_ms", freshness.PercentileMs(99), "ms", "success answer → readable by id, p99");
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>Sends one fresh single-span trace; answers Stopwatch ticks from its success answer to readable, or -1.</summary>
    private static async Task<long> ProbeAsync(OtlpHttpClient otlp, HttpClient query, CancellationToken cancellationToken)
    {
        var traceId = Otlp.NewTraceId();
        var body = Otlp.Request(Otlp.ResourceSpans("freshness-probe", Otlp.Span(traceId, "probe", DateTimeOffset.UtcNow))).ToByteArray();
        if (await otlp.SendAsync(body, cancellationToken) <= 0)
        {
            return -1;
        }

        var answered = Stopwatch.GetTimestamp();
        using var trace = await ReadableAsync(query, traceId.ToString(), cancellationToken);
        return trace is null ? -1 : Stopwatch.GetTimestamp() - answered;
    }

    /// <summary>How many spans the trace has once it is readable by id; 0 when it is not within <see cref="GiveUpAfter"/>.</summary>
    private static async Task<int> SpansReadableAsync(HttpClient query, string traceId, CancellationToken cancellationToken)
    {
        using var trace = await ReadableAsync(query, traceId, cancellationToken);
        var spans = 0;
        if (trace is not null)
        {
            foreach (var resourceSpans in trace.RootElement.GetProperty("result").GetProperty("resourceSpans").EnumerateArray())
            {
                foreach (var scopeSpans in resourceSpans.GetProperty("scopeSpans").EnumerateArray())
                {
                    spans += scopeSpans.GetProperty("spans").GetArrayLength();
                }
            }
        }

        return spans;
    }

    /// <summary>Polls <c>GET /api/v3/traces/{id}</c> until it answers 200; its body, or null after <see cref="GiveUpAfter"/>.</summary>
    private static async Task<JsonDocument?> ReadableAsync(HttpClient query, string traceId, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        while (Stopwatch.GetElapsedTime(started) < GiveUpAfter)
        {
            using var response = await query.GetAsync($"/api/v3/traces/{traceId}", cancellationToken);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync(cancellationToken), cancellationToken: cancellationToken);
            }

            // Polling at a fixed 10 ms, a backlog's many waiting probes became a query load that starved the
            // ingester; spacing the polls by a twentieth of the wait so far keeps the figure within 5%.
            var waited = Stopwatch.GetElapsedTime(started);
            await Task.Delay(waited / 20 > PollInterval ? waited / 20 : PollInterval, cancellationToken);
        }

        return null;
    }
}
