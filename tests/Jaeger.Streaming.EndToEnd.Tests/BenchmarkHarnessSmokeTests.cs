using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Jaeger.Streaming.Benchmarks;
using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Benchmarks.Scenarios;
using Jaeger.Streaming.Ingester.Redaction;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.EndToEnd.Tests;

/// <summary>
/// The benchmark harness still starts and produces figures. How fast they are is the harness's business, not a test's:
/// a shared CI machine would make any threshold flaky.
/// </summary>
public sealed class BenchmarkHarnessSmokeTests
{
    [Fact]
    public async Task Collector_scenario_ends_with_a_json_line_of_non_zero_figures()
    {
        using var output = new StringWriter();

        var exitCode = await Harness.RunAsync(["collector", "--seconds", "1", "--warmup", "0.5", "--concurrency", "8"], output, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var figures = LastJsonLine(output.ToString()).GetProperty("figures");
        Assert.True(figures.GetProperty("collector.http.spans_per_s").GetDouble() > 0);
        Assert.True(figures.GetProperty("collector.grpc.spans_per_s").GetDouble() > 0);
        Assert.True(figures.GetProperty("raw_produce.spans_per_s").GetDouble() > 0);
        Assert.True(figures.GetProperty("collector.http.transport_floor.spans_per_s").GetDouble() > 0);
        Assert.True(figures.GetProperty("collector.http.cpu_ceiling_spans_per_s").GetDouble() > 0);
    }

    [Fact]
    public async Task Redaction_scenario_reports_a_cost_per_span()
    {
        using var output = new StringWriter();

        var exitCode = await Harness.RunAsync(["redaction", "--seconds", "0.5", "--warmup", "0.2"], output, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var figures = LastJsonLine(output.ToString()).GetProperty("figures");
        Assert.True(figures.GetProperty("redaction.spans").GetDouble() > 0);
        Assert.True(figures.GetProperty("redaction.us_per_span").GetDouble() > 0);
    }

    [Fact]
    public async Task Query_scenario_reports_latencies_of_searches_that_find_traces()
    {
        using var output = new StringWriter();

        var exitCode = await Harness.RunAsync(["query", "--spans", "500", "--seconds", "0.2", "--warmup", "0.1"], output, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var figures = LastJsonLine(output.ToString()).GetProperty("figures");
        Assert.True(figures.GetProperty("query.store.spans").GetDouble() >= 500);
        Assert.True(figures.GetProperty("query.http.by_id.p50_ms").GetDouble() > 0);
        Assert.True(figures.GetProperty("query.http.by_id.traces_per_answer").GetDouble() > 0);
        Assert.True(figures.GetProperty("query.http.service_rare_attribute.traces_per_answer").GetDouble() > 0);
        Assert.True(figures.GetProperty("query.reader.service_operation.traces_per_answer").GetDouble() > 0);
    }

    [Fact]
    public async Task Store_scenario_reports_writes_and_searches_that_find_traces()
    {
        using var output = new StringWriter();

        var exitCode = await Harness.RunAsync(["store", "--spans", "1000"], output, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var figures = LastJsonLine(output.ToString()).GetProperty("figures");
        Assert.True(figures.GetProperty("store.write.durable.spans_per_s_cpu").GetDouble() > 0);
        Assert.True(figures.GetProperty("store.write.durable_4_callers.spans_per_s_wall").GetDouble() > 0);
        Assert.True(figures.GetProperty("store.bytes_per_span").GetDouble() > 0);
        Assert.True(figures.GetProperty("store.search.service.traces").GetDouble() > 0);
        Assert.True(figures.GetProperty("store.search.service.p50_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task E2e_scenario_reports_freshness_and_reads_back_a_trace_of_its_load()
    {
        using var output = new StringWriter();

        var exitCode = await Harness.RunAsync(["e2e", "--seconds", "1", "--warmup", "0.5", "--rate", "500"], output, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var figures = LastJsonLine(output.ToString()).GetProperty("figures");
        Assert.True(figures.GetProperty("e2e.background_spans_per_s").GetDouble() > 0);
        Assert.True(figures.GetProperty("e2e.background_sample_spans_sent").GetDouble() > 0);
        Assert.Equal(figures.GetProperty("e2e.background_sample_spans_sent").GetDouble(), figures.GetProperty("e2e.background_sample_spans_read").GetDouble());
        Assert.True(figures.GetProperty("e2e.probes").GetDouble() > 0);
        Assert.Equal(0, figures.GetProperty("e2e.probes_not_readable").GetDouble());
        Assert.True(figures.GetProperty("e2e.freshness_p99_ms").GetDouble() > 0);
    }

    [Fact]
    public async Task Overload_scenario_reports_refusals_memory_and_loss()
    {
        using var output = new StringWriter();

        var exitCode = await Harness.RunAsync(["overload", "--seconds", "1", "--warmup", "0.5", "--rate", "500"], output, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var figures = LastJsonLine(output.ToString()).GetProperty("figures");
        Assert.True(figures.GetProperty("overload.answered_429").GetDouble() > 0);
        Assert.True(figures.GetProperty("overload.accepted_spans").GetDouble() > 0);
        Assert.Equal(JsonValueKind.Number, figures.GetProperty("overload.lost_spans").ValueKind);
        Assert.True(figures.GetProperty("overload.collector_rss_peak_mib").GetDouble() > 0);
    }

    [Fact]
    public async Task Ingester_step_costs_report_decode_redact_each_prepare_and_every_store_shape()
    {
        Assert.True(HarnessArguments.TryParse(["ingester"], out var arguments, out _));
        var report = new Report(arguments);

        var steps = await IngesterStepCost.MeasureAsync(SpanRecords.From(RealisticLoad.Build(requestCount: 2)), TimeSpan.FromSeconds(0.2), report, TextWriter.Null, TestContext.Current.CancellationToken);

        Assert.True(steps.Decode.AllocatedBytesPerItem > 0);
        Assert.True(steps.DecodeRedact.Count > 0);
        Assert.True(steps.Store.PerSecond > 0);
        // Differences of two timed passes: on a loaded machine either may come out below zero, so only their presence is checked.
        Assert.True(double.IsFinite(steps.PrepareEmbeddedCpuUsPerSpan));
        Assert.True(double.IsFinite(steps.PrepareElasticsearchCpuUsPerSpan));
        var storeShapes = 0;
        foreach (var figure in report.Figures)
        {
            if (figure.Key.StartsWith("ingester.steps.store_", StringComparison.Ordinal) && figure.Key.EndsWith(".wall_spans_per_s", StringComparison.Ordinal))
            {
                Assert.True(figure.Value > 0, figure.Key);
                storeShapes++;
            }
        }

        Assert.Equal(4, storeShapes);
    }

    [Theory]
    [InlineData("jane.doe@example.com", 10)]
    [InlineData("checkout", 0)]
    public void Byte_pre_scan_profiles_every_text_redaction_examines(string text, int notQuiet)
    {
        static KeyValue Attribute(string value) => new() { Key = "k", Value = new AnyValue { StringValue = value } };
        var span = new Span
        {
            Name = text,
            Attributes =
            {
                Attribute(text),
                new KeyValue { Key = "list", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 7 }, new AnyValue { StringValue = text } } } } },
                new KeyValue { Key = "map", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { Attribute(text) } } } },
            },
            Events = { new Span.Types.Event { Name = text, Attributes = { Attribute(text) } } },
            Links = { new Span.Types.Link { Attributes = { Attribute(text) } } },
            Status = new Status { Message = text },
        };
        var request = new ExportTraceServiceRequest
        {
            ResourceSpans =
            {
                new ResourceSpans
                {
                    Resource = new Resource { Attributes = { Attribute(text) } },
                    ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Attributes = { Attribute(text) } }, Spans = { span, new Span { Name = "second" } } } },
                },
            },
        };
        var scan = new BytePreScan();

        var spans = scan.Scan(request.ToByteArray());

        Assert.Equal(2, spans);
        Assert.Equal(notQuiet, scan.NotQuiet);
    }

    [Fact]
    public void Scan_loop_counts_the_spans_of_every_record_the_ingester_scenario_streams()
    {
        var records = SpanRecords.From(RealisticLoad.Build(requestCount: 3));

        foreach (var record in records.All)
        {
            Assert.Equal(record.Spans, InlineLoopConsumer.CountSpans(record.Value));
        }
    }

    [Fact]
    public async Task Store_engines_scenario_reports_every_engine_writing_to_disk()
    {
        using var output = new StringWriter();

        var exitCode = await Harness.RunAsync(["store-engines", "--seconds", "0.3"], output, TestContext.Current.CancellationToken);

        Assert.Equal(0, exitCode);
        var figures = LastJsonLine(output.ToString()).GetProperty("figures");
        foreach (var engine in new[] { "sqlite", "rocksdb", "rocksdb_postings", "lucene" })
        {
            Assert.True(figures.GetProperty($"store_engines.{engine}.wall_spans_per_s").GetDouble() > 0, engine);
            Assert.True(figures.GetProperty($"store_engines.{engine}.disk_bytes_per_span").GetDouble() > 0, engine);
        }
    }

    [Fact]
    public void Ingester_sinks_named_on_the_command_line_climb_in_the_scenarios_order_and_by_default_all_do()
    {
        Assert.True(HarnessArguments.TryParse(["ingester", "--sinks", "raw_consume, inline_loop", "--seconds", "3"], out var picked, out _));
        Assert.True(HarnessArguments.TryParse(["ingester"], out var all, out _));

        Assert.Equal(["inline_loop", "raw_consume"], picked.Sinks);
        Assert.Equal(TimeSpan.FromSeconds(3), picked.Duration);
        Assert.Equal(["store", "null_writer", "inline_loop", "scan_loop", "prescan_loop", "byte_redaction_loop", "raw_consume"], all.Sinks);
    }

    [Theory]
    [InlineData("inline_loop,disk", "'disk', which is not a sink of the ingester scenario")]
    [InlineData(",", "--sinks needs at least one of")]
    public void An_unknown_or_empty_sink_list_is_refused_with_the_sinks_there_are(string sinks, string message)
    {
        Assert.False(HarnessArguments.TryParse(["ingester", "--sinks", sinks], out _, out var error));

        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.Contains("store,null_writer,inline_loop,scan_loop,prescan_loop,byte_redaction_loop,raw_consume", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Byte_redaction_redacts_what_the_span_redactor_does_on_the_load()
    {
        // The byte redaction loop bounds a redactor on bytes only if it does at least a redactor's work.
        var records = SpanRecords.From(RealisticLoad.Build());
        await using var services = RedactionScenario.DefaultRedaction();
        var redactor = services.GetRequiredService<SpanRedactor>();
        var onBytes = new ByteRedaction();

        foreach (var record in records.All.Take(40))
        {
            var request = ExportTraceServiceRequest.Parser.ParseFrom(record.Value);
            var original = Statements(request);
            var redacted = redactor.Redact(request);
            var before = onBytes.Redacted;

            var spans = onBytes.Redact(record.Value);

            Assert.Equal(record.Spans, spans);
            Assert.Equal(redacted, onBytes.Redacted - before);
            var output = onBytes.Output.ToArray();
            Assert.All(Statements(request), statement => Assert.True(Contains(output, statement), "a statement as SpanRedactor scrubbed it is missing"));
            Assert.All(original, statement => Assert.False(Contains(output, statement), "a statement is left as it came"));
            Assert.Equal(spans, Occurrences(output, "redaction.detectors"));
        }
    }

    private static List<string> Statements(ExportTraceServiceRequest request) =>
        [.. request.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans)
            .SelectMany(span => span.Attributes).Where(a => a.Key == "db.statement").Select(a => a.Value.StringValue)];

    private static bool Contains(byte[] output, string text) => output.AsSpan().IndexOf(Encoding.UTF8.GetBytes(text)) >= 0;

    private static int Occurrences(byte[] output, string text) => output.AsSpan().Count(Encoding.UTF8.GetBytes(text));

    [Fact]
    public async Task Unknown_scenario_is_refused_with_the_list_of_scenarios()
    {
        using var output = new StringWriter();

        var exitCode = await Harness.RunAsync(["nonsense"], output, TestContext.Current.CancellationToken);

        Assert.Equal(2, exitCode);
        Assert.Contains("collector", output.ToString(), StringComparison.Ordinal);
    }

    private static JsonElement LastJsonLine(string output)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return JsonDocument.Parse(lines[^1]).RootElement.Clone();
    }
}
