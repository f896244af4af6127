using System.Diagnostics;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The <c>store</c> scenario, the measurement behind docs/storage-engine.md: the embedded store written directly in
/// 100-span batches of whole traces, then searched through its reader, no Kafka and no HTTP. First the write variants
/// on up to 200k spans, alternated so the machine's noise hits each: durable commits (<c>synchronous=FULL</c>, as
/// shipped) against <c>NORMAL</c>, and 4 callers in flight sharing commits. Then <c>--spans</c> spans (default 1M)
/// written durably, the store's size, and searches over all of them.
/// </summary>
internal static class StoreScenario
{
    private const int BatchSpans = 100;
    private const int VariantSpans = 200_000;
    private const int SearchRepetitions = 25;
    private const int ConcurrentCallers = 4;

    // Batches generated, then written, at a time: 20k spans, a few tens of MB of messages.
    private const int ChunkBatches = 200;

    public static async Task RunAsync(HarnessArguments arguments, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        // Whole batches only, at least one.
        var spans = (int)Math.Clamp(arguments.StoredSpans / BatchSpans * BatchSpans, BatchSpans, int.MaxValue / BatchSpans * BatchSpans);
        var variantSpans = Math.Min(spans, VariantSpans);
        var variants = new (string Key, string Name, bool Durable, int Callers)[]
        {
            ("durable", "synchronous=FULL (shipped)", true, 1),
            ("normal", "synchronous=NORMAL (not durable)", false, 1),
            ("durable_4_callers", $"FULL, {ConcurrentCallers} callers in flight", true, ConcurrentCallers),
        };
        var results = variants.ToDictionary(variant => variant.Key, _ => new List<(double Wall, double Cpu)>());
        for (var round = 0; round < 2; round++)
        {
            foreach (var (key, name, durable, callers) in variants)
            {
                var dir = TempDir();
                try
                {
                    using var writer = new EmbeddedTraceWriter(new EmbeddedStoreOptions { DataDir = dir }, durable);
                    var written = await WriteAsync(writer, variantSpans, DateTimeOffset.UtcNow.AddHours(-2), callers, cancellationToken);
                    results[key].Add(written);
                    await output.WriteLineAsync($"  write, {name}: {written.Wall:N0} spans/s wall, {written.Cpu:N0} spans/s of process CPU ({variantSpans:N0} spans)");
                }
                finally
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
        }

        foreach (var (key, name, _, _) in variants)
        {
            report.Add($"store.write.{key}.spans_per_s_wall", results[key].Average(r => r.Wall), "spans/s", $"{name}: writer time by the wall clock, fsyncs included (mean of 2 rounds of {variantSpans:N0} spans)");
            report.Add($"store.write.{key}.spans_per_s_cpu", results[key].Average(r => r.Cpu), "spans/s", $"{name}: by process CPU, the fairer figure on a shared machine (mean of 2 rounds)");
        }

        var dataDir = TempDir();
        try
        {
            var start = DateTimeOffset.UtcNow.AddHours(-2);
            using (var writer = new EmbeddedTraceWriter(new EmbeddedStoreOptions { DataDir = dataDir }))
            {
                var (wall, cpu) = await WriteAsync(writer, spans, start, callers: 1, cancellationToken);
                await output.WriteLineAsync($"  write, the store searched below: {wall:N0} spans/s wall, {cpu:N0} spans/s of process CPU ({spans:N0} spans)");
                report.Add("store.write.searched_store.spans_per_s_cpu", cpu, "spans/s", $"writing the {spans:N0} spans searched below, durably, by process CPU");
            }

            var bytes = new DirectoryInfo(dataDir).GetFiles().Sum(f => f.Length);
            report.Add("store.bytes_per_span", bytes / (double)spans, "bytes", $"the data dir's size over the {spans:N0} spans it holds");

            await using var provider = EmbeddedStore.Services(dataDir, services => services.AddEmbeddedTraceReader());
            await SearchAsync(provider.GetRequiredService<ITraceReader>(), start, report, output, cancellationToken);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }

    /// <summary>
    /// Spans per second of writer time only, by the wall clock and by process CPU. The traffic is generated a chunk at a
    /// time between the measured writes, so generating it is not counted and a million spans are never all in memory;
    /// with several callers each takes every n-th batch of a chunk, as a pipelined ingester would.
    /// </summary>
    private static async Task<(double Wall, double Cpu)> WriteAsync(ITraceWriter writer, int spans, DateTimeOffset start, int callers, CancellationToken cancellationToken)
    {
        var batches = spans / BatchSpans;
        var traffic = new StoreTraffic(seed: 42, start, spacingPerBatch: TimeSpan.FromHours(1) / batches);
        var (wall, cpu) = (TimeSpan.Zero, TimeSpan.Zero);
        for (var first = 0; first < batches; first += ChunkBatches)
        {
            var chunk = new List<ResourceSpans>[Math.Min(ChunkBatches, batches - first)];
            for (var i = 0; i < chunk.Length; i++)
            {
                chunk[i] = traffic.NextBatch(BatchSpans / StoreTraffic.SpansPerTrace);
            }

            var clock = CpuClock.Start();
            await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(
                async () =>
                {
                    for (var i = caller; i < chunk.Length; i += callers)
                    {
                        await writer.WriteAsync(TenantName.Default, chunk[i], cancellationToken);
                    }
                },
                cancellationToken)));
            (wall, cpu) = (wall + clock.Wall, cpu + clock.Cpu);
        }

        var written = batches * BatchSpans;
        return (written / wall.TotalSeconds, written / cpu.TotalSeconds);
    }

    private static async Task SearchAsync(ITraceReader reader, DateTimeOffset start, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        var random = new Random(7);
        var all = new List<Latencies>();

        // The whole hour is the window: the widest lookback, so nothing is narrowed for free.
        TraceQuery Window() => new() { StartTimeMin = start.AddMinutes(-1), StartTimeMax = start.AddHours(1).AddMinutes(1) };
        string Service() => StoreTraffic.Services[random.Next(StoreTraffic.Services.Length)];
        Dictionary<string, string> User() => new() { ["user.id"] = StoreTraffic.UserId(random.Next(StoreTraffic.Users)) };
        var searches = new (string Key, string Name, Func<TraceQuery> Query)[]
        {
            ("service", "service", () => Window() with { ServiceName = Service() }),
            ("service_operation", "service+operation", () => Window() with { ServiceName = Service(), OperationName = StoreTraffic.Operations[random.Next(StoreTraffic.Operations.Length)] }),
            ("service_status_500", "service+status=500 (1%)", () => Window() with { ServiceName = Service(), Attributes = new Dictionary<string, string> { ["http.response.status_code"] = "500" } }),
            ("user_id", "user.id (~10 spans)", () => Window() with { Attributes = User() }),
            ("service_user_id_method", "service+user.id+method", () => Window() with { ServiceName = Service(), Attributes = new Dictionary<string, string>(User()) { ["http.request.method"] = "GET" } }),
            ("service_min_duration", "service+minDuration 1s (0.1%)", () => Window() with { ServiceName = Service(), DurationMin = TimeSpan.FromSeconds(1) }),
            ("absent_attribute", "absent attribute", () => Window() with { Attributes = new Dictionary<string, string> { ["user.id"] = "nobody" } }),
        };

        await output.WriteLineAsync($"  search (FindTraceIds, depth 20, a 1 h window over the whole store), {SearchRepetitions} runs each, ms:");
        foreach (var (key, name, query) in searches)
        {
            var recorded = new Latencies();
            var found = 0;
            for (var i = 0; i < SearchRepetitions; i++)
            {
                var q = query();
                var started = Stopwatch.GetTimestamp();
                found += (await reader.FindTraceIdsAsync(ReadScope.Default, q, cancellationToken)).Count;
                recorded.Record(Stopwatch.GetTimestamp() - started);
            }

            all.Add(recorded);
            var times = Latencies.Merge([recorded]);
            await output.WriteLineAsync($"    {name,-32} p50 {times.PercentileMs(50),8:N2}  p95 {times.PercentileMs(95),8:N2}  (avg {found / (double)SearchRepetitions:N1} traces)");
            report.Add($"store.search.{key}.p50_ms", times.PercentileMs(50), "ms", $"FindTraceIds by {name}, depth 20, over the whole store");
            report.Add($"store.search.{key}.traces", found / (double)SearchRepetitions, "traces", $"traces found per search by {name}");
        }

        var together = Latencies.Merge(all);
        report.Add("store.search.all.p50_ms", together.PercentileMs(50), "ms", "every search above together");
        report.Add("store.search.all.p95_ms", together.PercentileMs(95), "ms", "every search above together");

        var whole = new Latencies();
        for (var i = 0; i < SearchRepetitions; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await reader.FindTracesAsync(ReadScope.Default, Window() with { ServiceName = Service() }, cancellationToken);
            whole.Record(Stopwatch.GetTimestamp() - started);
        }

        report.Add("store.find_traces.service.p50_ms", Latencies.Merge([whole]).PercentileMs(50), "ms", "FindTraces by service: 20 whole traces read back");
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "jaeger-store-scenario-" + Guid.NewGuid().ToString("N"));
}
