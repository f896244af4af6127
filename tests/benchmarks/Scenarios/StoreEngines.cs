using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Benchmarks.Scenarios.Engines;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Redaction;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The <c>store-engines</c> scenario: the embedded store's engine against the other engines DESIGN §4 names, each
/// storing the same spans (decoded, redacted and prepared as the embedded store prepares them) durably, in the
/// ingester's 500-record batches, one writer, for <c>--seconds</c> each. With decode and redact measured in the same
/// run, each engine's cost gives the most two cores could store through it: an upper bound for an ingester into it,
/// since consuming from Kafka is not counted.
/// </summary>
internal static class StoreEngines
{
    private const int BatchRecords = 500;

    public static async Task RunAsync(HarnessArguments arguments, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        var records = SpanRecords.From(RealisticLoad.Build());
        var steps = await IngesterStepCost.MeasureCpuStepsAsync(records, arguments.Duration, report, output);
        var decoder = new SpanRecordDecoder();
        await using var redaction = RedactionScenario.DefaultRedaction();
        var batch = new DecodedBatch(records, 0, BatchRecords, decoder, redaction.GetRequiredService<SpanRedactor>());

        Func<string, IStoreEngine>[] engines = [dir => new SqliteEngine(dir), dir => new RocksDbEngine(dir, postings: false), dir => new RocksDbEngine(dir, postings: true), dir => new LuceneEngine(dir)];
        foreach (var open in engines)
        {
            var directory = Directory.CreateTempSubdirectory("jaeger-bench-engine-").FullName;
            try
            {
                using var engine = open(directory);
                var empty = engine.BytesOnDisk();
                await engine.WriteAsync(batch.Fresh(), cancellationToken);
                long spans = 0;
                var clock = CpuClock.Start();
                while (clock.Wall < arguments.Duration)
                {
                    await engine.WriteAsync(batch.Fresh(), cancellationToken);
                    spans += batch.Spans;
                }

                var written = PhaseResult.Of(spans, clock);
                var bytesPerSpan = (double)(engine.BytesOnDisk() - empty) / (spans + batch.Spans);
                var ceiling = Environment.ProcessorCount * 1_000_000 / (steps.DecodeRedact.CpuSecondsPerMillion + written.CpuSecondsPerMillion);
                var key = $"store_engines.{engine.Key}";
                report.Add(key + ".wall_spans_per_s", written.PerSecond, "spans/s", engine.What + ": spans stored per second of wall clock, one writer, the embedded store's Prepare included");
                report.Add(key + ".cpu_us_per_span", written.CpuSecondsPerMillion, "µs", engine.What + ": process CPU per span stored (background flushes, merges and compactions in the window included)");
                report.Add(key + ".allocated_bytes_per_span", written.AllocatedBytesPerItem, "bytes", engine.What + ": managed allocation per span");
                report.Add(key + ".disk_bytes_per_span", bytesPerSpan, "bytes", engine.What + ": bytes its directory grew by per span stored, at the end of the window (the load repeats 64 requests, which flatters an engine that compresses)");
                report.Add(key + ".ingester_ceiling_spans_per_s", ceiling, "spans/s", $"the most {Environment.ProcessorCount} cores can pay for decode + redact + this engine's write per span (consume not counted, so an upper bound for an ingester into it)");
                await output.WriteLineAsync(
                    $"  {engine.Key}: {written.PerSecond:N0} spans/s wall, {written.CpuSecondsPerMillion:0.0} µs CPU and {written.AllocatedBytesPerItem:N0} B allocated per span, {bytesPerSpan:N0} B on disk per span; "
                    + $"with decode and redact ({steps.DecodeRedact.CpuSecondsPerMillion:0.00} µs) two cores allow at most {ceiling:N0} spans/s");
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    public static long DirectorySize(string directory) =>
        new DirectoryInfo(directory).EnumerateFiles("*", SearchOption.AllDirectories).Sum(file => file.Length);
}
