using System.Diagnostics;
using System.Globalization;
using System.Text;
using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Storage.Tests.Measurement;

/// <summary>
/// The measurement behind docs/storage-engine.md. Explicit: not part of <c>dotnet test</c>; run with
/// <c>dotnet test --project tests/Jaeger.Streaming.Storage.Tests -- --explicit only</c>.
/// <c>MEASURE_SPANS</c> sets the store size (default 1,000,000); results go to the test output and <c>MEASURE_OUT</c>.
/// </summary>
public sealed class EmbeddedStoreMeasurement
{
    private const int BatchSpans = 100;
    private const int SearchRepetitions = 25;
    private const int ConcurrentCallers = 4;

    [Fact(Explicit = true)]
    public async Task Write_throughput_and_search_latency()
    {
        var spans = int.Parse(Environment.GetEnvironmentVariable("MEASURE_SPANS") ?? "1000000", CultureInfo.InvariantCulture);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"Embedded store measurement, {DateTime.UtcNow:u}, {Environment.ProcessorCount} cores, {spans:N0} spans in {BatchSpans}-span batches");

        // Variants first, on a smaller store, same traffic, alternated so machine noise hits all: what
        // synchronous=FULL (durable) costs against NORMAL, and what concurrent callers gain by sharing commits.
        var variantSpans = Math.Min(spans, 200_000);
        foreach (var (durable, callers) in new[] { (true, 1), (false, 1), (true, ConcurrentCallers), (true, 1), (false, 1), (true, ConcurrentCallers) })
        {
            var name = (durable, callers) switch
            {
                (false, _) => "synchronous=NORMAL (not durable)",
                (true, 1) => "synchronous=FULL (chosen)       ",
                _ => $"FULL, {callers} callers in flight       ",
            };
            var dir = TempDir();
            try
            {
                using var writer = new EmbeddedTraceWriter(new EmbeddedStoreOptions { DataDir = dir }, durable);
                var variantStart = DateTimeOffset.UtcNow.AddHours(-2);
                var (rate, cpuRate) = callers == 1
                    ? await WriteAsync(writer, variantSpans, variantStart)
                    : await WriteConcurrentlyAsync(writer, variantSpans, variantStart, callers);
                report.AppendLine(CultureInfo.InvariantCulture, $"write, {name}: {rate,9:N0} spans/s wall, {cpuRate,9:N0} spans/s of process CPU ({variantSpans:N0} spans)");
            }
            finally
            {
                Directory.Delete(dir, recursive: true);
            }
        }

        var dataDir = TempDir();
        try
        {
            var start = DateTimeOffset.UtcNow.AddHours(-2);
            using (var writer = new EmbeddedTraceWriter(new EmbeddedStoreOptions { DataDir = dataDir }))
            {
                var (rate, cpuRate) = await WriteAsync(writer, spans, start);
                report.AppendLine(CultureInfo.InvariantCulture, $"write, FULL, the store searched below  : {rate,9:N0} spans/s wall, {cpuRate,9:N0} spans/s of process CPU ({spans:N0} spans)");
            }

            var bytes = new DirectoryInfo(dataDir).GetFiles().Sum(f => f.Length);
            report.AppendLine(CultureInfo.InvariantCulture, $"store size: {bytes / 1048576.0:N0} MiB ({bytes / (double)spans:N0} bytes/span)");

            using var reader = new EmbeddedTraceReader(new EmbeddedStoreOptions { DataDir = dataDir });
            await SearchAsync(reader, start, report);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }

        TestContext.Current.TestOutputHelper?.WriteLine(report.ToString());
        await File.WriteAllTextAsync(Environment.GetEnvironmentVariable("MEASURE_OUT") ?? Path.Combine(Path.GetTempPath(), "embedded-store-measurement.txt"), report.ToString(), TestContext.Current.CancellationToken);
    }

    /// <summary>
    /// Spans per second of writer time only (generating the traffic is not counted), by the wall clock and by process
    /// CPU time. CPU time is the fairer figure on a shared machine; the wall clock includes every fsync.
    /// </summary>
    private static async Task<(double Wall, double Cpu)> WriteAsync(ITraceWriter writer, int spans, DateTimeOffset start)
    {
        using var process = Process.GetCurrentProcess();
        var cpu = TimeSpan.Zero;
        var batches = spans / BatchSpans;
        var traffic = new RealisticTraffic(seed: 42, start, spacingPerBatch: TimeSpan.FromHours(1) / batches);
        var writing = new Stopwatch();
        for (var i = 0; i < batches; i++)
        {
            var batch = traffic.NextBatch(BatchSpans / RealisticTraffic.SpansPerTrace);
            process.Refresh();
            var cpuBefore = process.TotalProcessorTime;
            writing.Start();
            await writer.WriteAsync(TenantName.Default, batch, TestContext.Current.CancellationToken);
            writing.Stop();
            process.Refresh();
            cpu += process.TotalProcessorTime - cpuBefore;
        }

        var written = batches * BatchSpans;
        return (written / writing.Elapsed.TotalSeconds, written / cpu.TotalSeconds);
    }

    /// <summary>
    /// Like <see cref="WriteAsync"/>, with <paramref name="callers"/> writers in flight at once, as a pipelined ingester
    /// has them. The traffic is generated first, so the whole window is writer time.
    /// </summary>
    private static async Task<(double Wall, double Cpu)> WriteConcurrentlyAsync(ITraceWriter writer, int spans, DateTimeOffset start, int callers)
    {
        var batches = spans / BatchSpans;
        var traffic = new RealisticTraffic(seed: 42, start, spacingPerBatch: TimeSpan.FromHours(1) / batches);
        var generated = new List<List<ResourceSpans>>(batches);
        for (var i = 0; i < batches; i++)
        {
            generated.Add(traffic.NextBatch(BatchSpans / RealisticTraffic.SpansPerTrace));
        }

        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var writing = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, callers).Select(caller => Task.Run(async () =>
        {
            for (var i = caller; i < batches; i += callers)
            {
                await writer.WriteAsync(TenantName.Default, generated[i], TestContext.Current.CancellationToken);
            }
        })));
        writing.Stop();
        process.Refresh();

        var written = batches * BatchSpans;
        return (written / writing.Elapsed.TotalSeconds, written / (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    private static async Task SearchAsync(ITraceReader reader, DateTimeOffset start, StringBuilder report)
    {
        var random = new Random(7);
        var all = new List<double>();

        // The whole hour is the window: the widest lookback, so nothing is narrowed for free.
        TraceQuery Window() => new() { StartTimeMin = start.AddMinutes(-1), StartTimeMax = start.AddHours(1).AddMinutes(1) };
        string Service() => RealisticTraffic.Services[random.Next(RealisticTraffic.Services.Length)];
        var searches = new (string Name, Func<TraceQuery> Query)[]
        {
            ("service", () => Window() with { ServiceName = Service() }),
            ("service+operation", () => Window() with { ServiceName = Service(), OperationName = RealisticTraffic.Operations[random.Next(RealisticTraffic.Operations.Length)] }),
            ("service+status=500 (1%)", () => Window() with { ServiceName = Service(), Attributes = new Dictionary<string, string> { ["http.response.status_code"] = "500" } }),
            ("user.id (~10 spans)", () => Window() with { Attributes = new Dictionary<string, string> { ["user.id"] = RealisticTraffic.UserId(random.Next(RealisticTraffic.Users)) } }),
            ("service+user.id+method", () => Window() with
            {
                ServiceName = Service(),
                Attributes = new Dictionary<string, string> { ["user.id"] = RealisticTraffic.UserId(random.Next(RealisticTraffic.Users)), ["http.request.method"] = "GET" },
            }),
            ("service+minDuration 1s (0.1%)", () => Window() with { ServiceName = Service(), DurationMin = TimeSpan.FromSeconds(1) }),
            ("absent attribute", () => Window() with { Attributes = new Dictionary<string, string> { ["user.id"] = "nobody" } }),
        };

        report.AppendLine("search (FindTraceIds, depth 20, 1 h window over the whole store), ms:");
        foreach (var (name, query) in searches)
        {
            var times = new List<double>();
            var results = 0;
            for (var i = 0; i < SearchRepetitions; i++)
            {
                var q = query();
                var watch = Stopwatch.StartNew();
                results += (await reader.FindTraceIdsAsync(ReadScope.Default, q, TestContext.Current.CancellationToken)).Count;
                times.Add(watch.Elapsed.TotalMilliseconds);
            }

            all.AddRange(times);
            report.AppendLine(CultureInfo.InvariantCulture, $"  {name,-32} p50 {Percentile(times, 50),8:N2}  p95 {Percentile(times, 95),8:N2}  (avg {results / (double)SearchRepetitions:N1} traces)");
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"  {"all searches",-32} p50 {Percentile(all, 50),8:N2}  p95 {Percentile(all, 95),8:N2}");

        var whole = new List<double>();
        for (var i = 0; i < SearchRepetitions; i++)
        {
            var watch = Stopwatch.StartNew();
            await reader.FindTracesAsync(ReadScope.Default, Window() with { ServiceName = Service() }, TestContext.Current.CancellationToken);
            whole.Add(watch.Elapsed.TotalMilliseconds);
        }

        report.AppendLine(CultureInfo.InvariantCulture, $"  {"FindTraces service (20 whole)",-32} p50 {Percentile(whole, 50),8:N2}  p95 {Percentile(whole, 95),8:N2}");
    }

    private static double Percentile(List<double> values, int percentile)
    {
        var sorted = values.Order().ToList();
        return sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(percentile / 100.0 * sorted.Count) - 1)];
    }

    private static string TempDir() => Path.Combine(Path.GetTempPath(), "jaeger-measure-" + Guid.NewGuid().ToString("N"));
}
