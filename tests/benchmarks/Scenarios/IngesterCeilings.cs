using Jaeger.Streaming.Benchmarks.Reporting;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The most this machine allows each ingester sink, derived in the same run from the steps measured alone
/// (<see cref="IngesterStepCost"/>) and raw consume's CPU per span: a sink cannot take spans faster than the cores can
/// pay for the steps it cannot skip, nor faster than the store alone takes them. Raw consume's cost includes the
/// harness's producer and the mock, as every sink's measured cost does.
/// </summary>
internal static class IngesterCeilings
{
    /// <summary>A sink left out by <c>--sinks</c> is null, and so are the figures that compare with it.</summary>
    public static async Task AddAsync(IngesterSteps steps, SinkClimb? store, SinkClimb? nullWriter, SinkClimb? raw, Report report, TextWriter output)
    {
        var storeAlone = steps.Store.PerSecond;
        report.Add("ingester.ceiling.store_alone_spans_per_s", storeAlone, "spans/s", $"the store sink's ceiling: what the store alone takes here, spans already decoded and redacted, at its fastest batch shape ({steps.StoreShape}; wall clock, so other load on the machine lowers it)");
        if (store is not null)
        {
            report.Add("ingester.ceiling.store_sink_ratio_to_store_alone", store.Sustained / storeAlone, "ratio", "the store sink's sustained rate over what the store alone takes: how much of the store the ingester's pipeline leaves unused");
        }

        if (raw is null || raw.CpuUsPerSpanByRate.Count == 0)
        {
            await output.WriteLineAsync($"  raw consume {(raw is null ? "was not climbed" : "kept no step")}, so there is no consume cost to derive CPU ceilings from");
            return;
        }

        // Consume's cost per span falls as the rate rises (fixed polling work spreads thinner): its highest step is the
        // cheapest, and the closest to 80% of its sustained rate, so the ceilings favour the ingester.
        var (rate, consume) = raw.CpuUsPerSpanByRate.Last();
        var (decode, redact) = (steps.Decode.CpuSecondsPerMillion, steps.RedactCpuUsPerSpan);
        var nullCeiling = Ceiling(consume + steps.DecodeRedact.CpuSecondsPerMillion);
        var perfectDecoder = Ceiling(consume + redact);
        report.Add("ingester.ceiling.raw_consume_cpu_us_per_span", consume, "µs", $"raw consume's process CPU per span at {rate:N0} spans/s, its highest step kept (the harness's producer and the mock included)");
        report.Add("ingester.ceiling.null_writer_spans_per_s", nullCeiling, "spans/s", $"the most {Environment.ProcessorCount} cores can pay for consume + decode + redact per span: no null writer goes faster here");
        report.Add("ingester.ceiling.null_writer_ratio_to_raw_consume", nullCeiling / raw.Sustained, "ratio", "that ceiling over raw consume's sustained rate: below 0.8, the 80% target is out of reach on this machine by measurement");
        if (nullWriter is not null)
        {
            report.Add("ingester.ceiling.null_writer_sink_ratio_to_ceiling", nullWriter.Sustained / nullCeiling, "ratio", "the null-writer sink's sustained rate over that ceiling: how close the ingester's loop gets to it");
        }

        report.Add("ingester.ceiling.perfect_decoder_spans_per_s", perfectDecoder, "spans/s", "the same ceiling with a decoder that costs nothing (consume + redact only)");
        report.Add("ingester.ceiling.perfect_decoder_ratio_to_raw_consume", perfectDecoder / raw.Sustained, "ratio", "that over raw consume's sustained rate: below 0.8, not even a perfect decoder reaches the 80% target here");
        var elasticsearch = Ceiling(consume + steps.DecodeRedact.CpuSecondsPerMillion + steps.PrepareElasticsearchCpuUsPerSpan);
        report.Add("ingester.ceiling.elasticsearch_spans_per_s", elasticsearch, "spans/s", $"the most {Environment.ProcessorCount} cores can pay for consume + decode + redact + Elasticsearch's documents and _bulk body per span: the ingester's own limit into Elasticsearch, whose work runs on its own nodes");
        report.Add("ingester.ceiling.store_cpu_spans_per_s", Ceiling(consume + steps.DecodeRedact.CpuSecondsPerMillion + steps.Store.CpuSecondsPerMillion), "spans/s", "the most the cores can pay for consume + decode + redact + the store's write per span (its fastest shape): the store sink's CPU ceiling");

        await output.WriteLineAsync($"  ceilings: consume {consume:0.00} + decode {decode:0.00} + redact {redact:0.00} µs per span allow {nullCeiling:N0} spans/s ({nullCeiling / raw.Sustained:0.00} of raw consume; {perfectDecoder / raw.Sustained:0.00} with a free decoder); with Elasticsearch's documents ({steps.PrepareElasticsearchCpuUsPerSpan:0.00} µs) {elasticsearch:N0}; the store alone takes {storeAlone:N0}");
    }

    private static double Ceiling(double cpuUsPerSpan) => Environment.ProcessorCount * 1_000_000 / cpuUsPerSpan;
}
