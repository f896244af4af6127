using Jaeger.Streaming.Benchmarks;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Benchmarks.Scenarios;

namespace Jaeger.Streaming.EndToEnd.Tests;

/// <summary>The ingester's ceilings are derived from step costs and raw consume's CPU per span as the docs state them.</summary>
public sealed class IngesterCeilingsTests
{
    // Decode 10 µs, redact 5 µs and Elasticsearch's documents 4 µs per span; the store alone 10k spans/s wall at 50 µs of CPU per span.
    private static readonly IngesterSteps Steps = new(
        Decode: new PhaseResult(1_000_000, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)),
        DecodeRedact: new PhaseResult(1_000_000, TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(15)),
        PrepareEmbeddedCpuUsPerSpan: 7,
        PrepareElasticsearchCpuUsPerSpan: 4,
        Store: new PhaseResult(100_000, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5)),
        StoreShape: "test");

    // Raw consume sustains 300k spans/s and costs 6 µs per span at 50k, 3 µs at 200k.
    private static readonly SinkClimb Raw = new(300_000, new() { [50_000] = 6, [200_000] = 3 });
    private static readonly SinkClimb NullWriter = new(60_000, new() { [50_000] = 24 });
    private static readonly SinkClimb Store = new(5_000, new() { [5_000] = 80 });

    [Fact]
    public async Task Null_writer_ceiling_is_what_the_cores_pay_for_consume_at_its_highest_step_plus_decode_and_redact()
    {
        var report = await DeriveAsync();

        var expected = Environment.ProcessorCount * 1_000_000 / (3.0 + 10 + 5);
        Assert.Equal(expected, Figure(report, "ingester.ceiling.null_writer_spans_per_s"), 6);
        Assert.Equal(expected / 300_000, Figure(report, "ingester.ceiling.null_writer_ratio_to_raw_consume"), 6);
    }

    [Fact]
    public async Task Perfect_decoder_ceiling_leaves_out_decode_only()
    {
        var report = await DeriveAsync();

        Assert.Equal(Environment.ProcessorCount * 1_000_000 / (3.0 + 5), Figure(report, "ingester.ceiling.perfect_decoder_spans_per_s"), 6);
    }

    [Fact]
    public async Task Elasticsearch_ceiling_adds_its_documents_to_consume_decode_and_redact()
    {
        var report = await DeriveAsync();

        Assert.Equal(Environment.ProcessorCount * 1_000_000 / (3.0 + 10 + 5 + 4), Figure(report, "ingester.ceiling.elasticsearch_spans_per_s"), 6);
    }

    [Fact]
    public async Task Store_sink_is_compared_with_the_store_alone()
    {
        var report = await DeriveAsync();

        Assert.Equal(10_000, Figure(report, "ingester.ceiling.store_alone_spans_per_s"), 6);
        Assert.Equal(0.5, Figure(report, "ingester.ceiling.store_sink_ratio_to_store_alone"), 6);
    }

    private static async Task<Report> DeriveAsync()
    {
        Assert.True(HarnessArguments.TryParse(["ingester"], out var arguments, out _));
        var report = new Report(arguments);
        await IngesterCeilings.AddAsync(Steps, Store, NullWriter, Raw, report, TextWriter.Null);
        return report;
    }

    private static double Figure(Report report, string key)
    {
        foreach (var figure in report.Figures)
        {
            if (figure.Key == key)
            {
                return figure.Value;
            }
        }

        throw new Xunit.Sdk.XunitException($"The report has no figure '{key}'.");
    }
}
