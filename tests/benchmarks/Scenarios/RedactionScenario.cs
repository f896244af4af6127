using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Ingester.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// µs per span for the ingester's redaction step with its default rules, resolved from DI as the ingester resolves it.
/// Redaction rewrites in place, so each round redacts fresh clones; only the redaction itself is timed.
/// </summary>
internal static class RedactionScenario
{
    public static async Task RunAsync(HarnessArguments arguments, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        var load = RealisticLoad.Build();
        await using var services = DefaultRedaction();
        var redactor = services.GetRequiredService<SpanRedactor>();

        var sensitive = ChangedKeys(redactor, load.Requests);
        Run(redactor, load.Requests, arguments.Warmup, cancellationToken);
        var (spans, redacted, wall, cpu, allocated) = Run(redactor, load.Requests, arguments.Duration, cancellationToken);
        await output.WriteLineAsync($"redaction: {spans:N0} spans, {wall.TotalMicroseconds / spans:0.000} µs per span");
        report.Add("redaction.us_per_span", wall.TotalMicroseconds / spans, "µs", "wall time per span, default rules");
        report.Add("redaction.cpu_us_per_span", cpu.TotalMicroseconds / spans, "µs", "process CPU per span, default rules");
        report.Add("redaction.bytes_per_span", (double)allocated / spans, "B", "bytes allocated per span, default rules");
        report.Add("redaction.spans", spans, "spans", "spans redacted in the window");
        report.Add("redaction.values_per_span", (double)redacted / spans, "values", "values redacted per span: " + string.Join(", ", sensitive));

        // The same spans without the attributes the rules act on: the cost of checking alone, as most spans need.
        var clean = Without(load.Requests, sensitive);
        Run(redactor, clean, arguments.Warmup / 2, cancellationToken);
        (spans, _, wall, cpu, allocated) = Run(redactor, clean, arguments.Duration, cancellationToken);
        await output.WriteLineAsync($"redaction, nothing to redact: {wall.TotalMicroseconds / spans:0.000} µs, {(double)allocated / spans:0.0} bytes allocated per span");
        report.Add("redaction.clean.bytes_per_span", (double)allocated / spans, "B", "bytes allocated per span with nothing to redact (the design aims at 0)");
        report.Add("redaction.clean.us_per_span", wall.TotalMicroseconds / spans, "µs", "wall time per span with nothing to redact");
        report.Add("redaction.clean.cpu_us_per_span", cpu.TotalMicroseconds / spans, "µs", "process CPU per span with nothing to redact");
    }

    /// <summary>The redaction step with its default rules, registered as the ingester registers it; resolve <see cref="SpanRedactor"/>.</summary>
    public static ServiceProvider DefaultRedaction() => new ServiceCollection()
        .AddSingleton<IConfiguration>(new ConfigurationBuilder().Build())
        .AddLogging()
        .AddSpanRedaction()
        .BuildServiceProvider();

    private static ExportTraceServiceRequest[] Without(IReadOnlyList<ExportTraceServiceRequest> requests, SortedSet<string> keys)
    {
        var clean = new ExportTraceServiceRequest[requests.Count];
        for (var i = 0; i < clean.Length; i++)
        {
            clean[i] = requests[i].Clone();
            foreach (var resource in clean[i].ResourceSpans)
            {
                foreach (var span in resource.ScopeSpans[0].Spans)
                {
                    for (var a = span.Attributes.Count - 1; a >= 0; a--)
                    {
                        if (keys.Contains(span.Attributes[a].Key))
                        {
                            span.Attributes.RemoveAt(a);
                        }
                    }
                }
            }
        }

        return clean;
    }

    /// <summary>What the default rules find in the load, so a reader can judge whether the work measured is realistic.</summary>
    private static SortedSet<string> ChangedKeys(SpanRedactor redactor, IReadOnlyList<ExportTraceServiceRequest> requests)
    {
        var changed = new SortedSet<string>(StringComparer.Ordinal);
        var before = requests[0];
        var after = before.Clone();
        redactor.Redact(after);
        for (var r = 0; r < before.ResourceSpans.Count; r++)
        {
            var spansBefore = before.ResourceSpans[r].ScopeSpans[0].Spans;
            var spansAfter = after.ResourceSpans[r].ScopeSpans[0].Spans;
            for (var i = 0; i < spansBefore.Count; i++)
            {
                foreach (var attribute in spansBefore[i].Attributes)
                {
                    var kept = spansAfter[i].Attributes.FirstOrDefault(a => a.Key == attribute.Key);
                    if (kept is null || !kept.Value.Equals(attribute.Value))
                    {
                        changed.Add(attribute.Key);
                    }
                }
            }
        }

        return changed;
    }

    private static (long Spans, long Redacted, TimeSpan Wall, TimeSpan Cpu, long Allocated) Run(
        SpanRedactor redactor, IReadOnlyList<ExportTraceServiceRequest> requests, TimeSpan duration, CancellationToken cancellationToken)
    {
        var fresh = new ExportTraceServiceRequest[requests.Count];
        long spans = 0, redacted = 0;
        var wall = TimeSpan.Zero;
        var cpu = TimeSpan.Zero;
        long allocated = 0;
        while (wall < duration && !cancellationToken.IsCancellationRequested)
        {
            for (var i = 0; i < fresh.Length; i++)
            {
                fresh[i] = requests[i].Clone();
            }

            var clock = CpuClock.Start();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < fresh.Length; i++)
            {
                redacted += redactor.Redact(fresh[i]);
            }

            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            wall += clock.Wall;
            cpu += clock.Cpu;
            spans += (long)fresh.Length * RealisticLoad.SpansPerRequest;
        }

        return (spans, redacted, wall, cpu, allocated);
    }
}
