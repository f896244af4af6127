using System.Diagnostics;
using Google.Protobuf;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Collector.Splitting;
using Jaeger.Streaming.Collector.Wire;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The collector's per-span work without network or Kafka, on one thread: parse the body, split by trace, encode each
/// trace's record; and the wire path that replaces all three for clean requests. It bounds what the collector can reach per core, whatever the transport does. Each step is timed
/// by process CPU over a loop of its own, because on a shared machine the wall clock counts other processes' turns.
/// </summary>
internal static class CollectorStepCost
{
    /// <summary>Reports every step's cost; answers the wire path's, in process CPU µs per span.</summary>
    public static double Measure(RealisticLoad load, TimeSpan duration, Report report, TextWriter output)
    {
        var splitter = new TraceSplitter();
        var parsed = new ExportTraceServiceRequest[load.Bodies.Count];
        var split = new List<TraceBatch>[load.Bodies.Count];
        var slice = duration / 4;
        var parse = PerSpan(slice, () =>
        {
            for (var i = 0; i < parsed.Length; i++)
            {
                parsed[i] = ExportTraceServiceRequest.Parser.ParseFrom(load.Bodies[i]);
            }
        });
        var splitting = PerSpan(slice, () =>
        {
            for (var i = 0; i < parsed.Length; i++)
            {
                split[i] = splitter.Split(parsed[i]);
            }
        });
        var encode = PerSpan(slice, () =>
        {
            for (var i = 0; i < split.Length; i++)
            {
                for (var t = 0; t < split[i].Count; t++)
                {
                    _ = split[i][t].Spans.ToByteArray();
                }
            }
        });

        // The wire path for clean requests: one scan, then copying each trace's byte ranges into its record.
        var scanner = new CleanRequestScanner(new SpanValidator(Options.Create(new SpanLimits()), TimeProvider.System));
        var wireSplitter = new WireTraceSplitter();
        var wire = PerSpan(slice, () =>
        {
            for (var i = 0; i < load.Bodies.Count; i++)
            {
                var scanned = scanner.Scan(load.Bodies[i], null, withRootSpans: false) ?? throw new InvalidOperationException("A generated request is not clean; the wire path would not take it.");
                _ = wireSplitter.Split(scanned, load.Bodies[i]);
            }
        });

        var total = parse.CpuUs + splitting.CpuUs + encode.CpuUs;
        output.WriteLine($"  collector steps, CPU on one thread: parse {parse.CpuUs:0.00} + split {splitting.CpuUs:0.00} + encode {encode.CpuUs:0.00} = {total:0.00} µs per span; wire scan + split {wire.CpuUs:0.00} µs per span");
        Add("parse", "protobuf parse of the request", parse);
        Add("split", "TraceSplitter", splitting);
        Add("encode", "encoding the per-trace records", encode);
        Add("wire_scan_split", "wire path: CleanRequestScanner and WireTraceSplitter, records included", wire);
        report.Add("collector.steps.spans_per_core_s", 1_000_000 / total, "spans/s", "ceiling per core from parse, split and encode alone");
        report.Add("collector.steps.wire_spans_per_core_s", 1_000_000 / wire.CpuUs, "spans/s", "ceiling per core from the wire path's scan and split alone");
        return wire.CpuUs;

        void Add(string step, string what, (double CpuUs, double WallUs, double GcPauseFraction) cost)
        {
            report.Add($"collector.steps.{step}_us_per_span", cost.CpuUs, "µs", what + ": process CPU per span, one thread");
            report.Add($"collector.steps.{step}_wall_us_per_span", cost.WallUs, "µs", what + ": wall time per span, one thread");
            report.Add($"collector.steps.{step}_gc_pause_fraction", cost.GcPauseFraction, "ratio", what + ": share of wall time paused for GC");
        }

        (double CpuUs, double WallUs, double GcPauseFraction) PerSpan(TimeSpan time, Action pass)
        {
            // Unmeasured passes, as long as the measured ones, fill the arrays the next step reads and let the tiered JIT
            // and the GC's budgets settle; their work counts in process CPU. After one pass, parse measured up to 4x.
            var warming = Stopwatch.StartNew();
            do
            {
                pass();
            }
            while (warming.Elapsed < time);

            long spans = 0;
            var clock = CpuClock.Start();
            while (clock.Wall < time)
            {
                pass();
                spans += (long)load.Bodies.Count * RealisticLoad.SpansPerRequest;
            }

            var wall = clock.Wall;
            return (clock.Cpu.TotalMicroseconds / spans, wall.TotalMicroseconds / spans, clock.GcPause / wall);
        }
    }
}
