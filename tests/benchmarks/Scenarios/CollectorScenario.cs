using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.EmbeddedKafka;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// OTLP/HTTP protobuf and OTLP/gRPC into the collector on the mock cluster, closed-loop to saturate, then HTTP
/// open-loop at half the maximum for latency; then the HTTP transport alone (<see cref="TransportFloor"/>) under the
/// same load, and raw produce of the same records with the same producer settings. Last, the CPU ceiling those
/// measurements put on the collector, all taken in this run and process.
/// </summary>
internal static class CollectorScenario
{
    private const string RawTopic = "raw-produce";

    public static async Task RunAsync(HarnessArguments arguments, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        var load = RealisticLoad.Build();
        var records = SpanRecords.From(load);
        using var kafka = new EmbeddedKafkaCluster(AllInOneHost.KafkaBrokers);
        kafka.CreateTopic(SpanRecordContract.DefaultTopic, AllInOneHost.SpanTopicPartitions);
        kafka.CreateTopic(RawTopic, AllInOneHost.SpanTopicPartitions);
        await output.WriteLineAsync($"collector: {load.Bodies.Count} requests of {RealisticLoad.SpansPerRequest} spans, {records.SpansPerRecord:0.0} spans per record, {AverageBytes(load.Bodies) / 1024.0:0.0} KiB per request");

        var wireUsPerSpan = CollectorStepCost.Measure(load, arguments.Warmup, report, output);
        LoadResult http, grpcLoad;
        await using (var collector = await CollectorUnderTest.StartAsync(kafka.BootstrapServers, cancellationToken))
        {
            using (var client = new OtlpHttpClient(collector.HttpTraces, arguments.Concurrency))
            {
                http = await ClosedLoop.RunAsync(client.SendAsync, load.Bodies, arguments.Concurrency, arguments.Warmup, arguments.Duration, cancellationToken);
                await output.WriteLineAsync($"  OTLP/HTTP closed loop ({arguments.Concurrency} concurrent): {http.Accepted.PerSecond:N0} spans/s");
                AddLoad(report, "collector.http", "OTLP/HTTP protobuf, closed loop", http);

                // Half of the maximum just measured, in requests per second.
                var halfRate = http.Requests / http.Accepted.Wall.TotalSeconds / 2;
                var half = await OpenLoop.RunAsync(client.SendAsync, i => load.Bodies[i % load.Bodies.Count], Math.Max(1, halfRate), arguments.Duration, cancellationToken);
                await output.WriteLineAsync($"  OTLP/HTTP open loop at {halfRate:N0} req/s: p50 {half.Latencies.PercentileMs(50):0.0} ms, p99 {half.Latencies.PercentileMs(99):0.0} ms");
                report.Add("collector.http.half_load.spans_per_s", half.Accepted.PerSecond, "spans/s", "OTLP/HTTP open loop at 50% of the maximum");
                report.Add("collector.http.half_load.p50_ms", half.Latencies.PercentileMs(50), "ms", "request latency at 50% load, with the Kafka ack");
                report.Add("collector.http.half_load.p99_ms", half.Latencies.PercentileMs(99), "ms", "request latency at 50% load, with the Kafka ack");
                report.Add("collector.http.half_load.refused", half.Refused, "requests", "not answered 200 at 50% load");
            }

            using var grpc = new OtlpGrpcClient(collector.Grpc);
            grpcLoad = await ClosedLoop.RunAsync(grpc.SendAsync, load.Bodies, arguments.Concurrency, arguments.Warmup, arguments.Duration, cancellationToken);
            await output.WriteLineAsync($"  OTLP/gRPC closed loop ({arguments.Concurrency} concurrent): {grpcLoad.Accepted.PerSecond:N0} spans/s");
            AddLoad(report, "collector.grpc", "OTLP/gRPC, closed loop", grpcLoad);
        }

        LoadResult floor;
        await using (var transport = await TransportFloor.StartAsync(cancellationToken))
        using (var client = new OtlpHttpClient(transport.HttpTraces, arguments.Concurrency))
        {
            floor = await ClosedLoop.RunAsync(client.SendAsync, load.Bodies, arguments.Concurrency, arguments.Warmup, arguments.Duration, cancellationToken);
            await output.WriteLineAsync($"  OTLP/HTTP transport floor, body read and dropped ({arguments.Concurrency} concurrent): {floor.Accepted.PerSecond:N0} spans/s at {floor.Accepted.CpuSecondsPerMillion:0.00} CPU s/M");
            AddLoad(report, "collector.http.transport_floor", "Kestrel as the collector's HTTP listener, reading each body and answering 200 empty, closed loop", floor);
        }

        var raw = await ReportRawAsync(arguments, report, output, kafka, records, http, grpcLoad, cancellationToken);
        await ReportCeilingAsync(report, output, http.Accepted, floor.Accepted, raw, wireUsPerSpan);
    }

    /// <summary>
    /// What no collector could beat on these cores: every span must cross the transport, be scanned and split, and be
    /// produced, and each of those was measured on its own in this run. CPU s/M is µs per span.
    /// </summary>
    private static async Task ReportCeilingAsync(Report report, TextWriter output, PhaseResult http, PhaseResult floor, PhaseResult raw, double wireUsPerSpan)
    {
        var termsUs = floor.CpuSecondsPerMillion + raw.CpuSecondsPerMillion + wireUsPerSpan;
        var ceiling = Environment.ProcessorCount * 1_000_000 / termsUs;
        await output.WriteLineAsync(
            $"  CPU ceiling on {Environment.ProcessorCount} cores: transport {floor.CpuSecondsPerMillion:0.00} + produce {raw.CpuSecondsPerMillion:0.00} + wire {wireUsPerSpan:0.00} = {termsUs:0.00} µs per span, "
            + $"{ceiling:N0} spans/s; the collector reached {http.PerSecond / ceiling:0.00} of it at {http.CpuSecondsPerMillion:0.00} µs per span");
        report.Add("collector.http.cpu_ceiling_terms_us_per_span", termsUs, "µs", "transport floor + raw produce + wire scan and split, process CPU per span");
        report.Add("collector.http.cpu_ceiling_spans_per_s", ceiling, "spans/s", "all cores over the ceiling terms: the most OTLP/HTTP could reach here");
        report.Add("collector.http.ratio_to_cpu_ceiling", http.PerSecond / ceiling, "ratio", "OTLP/HTTP spans/s over the CPU ceiling (wall: depends on the cores the machine's load left)");
        report.Add("collector.http.cpu_ratio_to_ceiling_terms", termsUs / http.CpuSecondsPerMillion, "ratio", "ceiling terms over the collector's CPU per span: the same ratio by CPU, whatever the load");
        report.Add("collector.http.cpu_beyond_ceiling_terms_us_per_span", http.CpuSecondsPerMillion - termsUs, "µs", "the collector's CPU per span beyond the ceiling terms");
        report.Add("collector.http.cpu_ceiling_ratio_to_raw_produce", ceiling / raw.PerSecond, "ratio", "the CPU ceiling over raw produce spans/s");
    }

    /// <summary>Raw produce runs with the collector stopped, so that the two never compete for the two cores.</summary>
    private static async Task<PhaseResult> ReportRawAsync(
        HarnessArguments arguments, Report report, TextWriter output, EmbeddedKafkaCluster kafka, SpanRecords records,
        LoadResult http, LoadResult grpc, CancellationToken cancellationToken)
    {
        var (raw, failed) = await RawProduce.MeasureAsync(kafka.BootstrapServers, RawTopic, records, arguments.Warmup, arguments.Duration, cancellationToken);
        await output.WriteLineAsync($"  raw produce of the same records: {raw.PerSecond:N0} spans/s ({raw.PerSecond / records.SpansPerRecord:N0} records/s)");
        report.Add("raw_produce.spans_per_s", raw.PerSecond, "spans/s", "Confluent.Kafka, same records and producer settings");
        report.Add("raw_produce.records_per_s", raw.PerSecond / records.SpansPerRecord, "records/s", "per-trace records acknowledged");
        report.Add("raw_produce.cpu_s_per_m_spans", raw.CpuSecondsPerMillion, "CPU s/M", "process CPU per million spans");
        report.Add("raw_produce.failed", failed, "records", "delivery failures");
        report.Add("collector.http.ratio_to_raw_produce", http.Accepted.PerSecond / raw.PerSecond, "ratio", "OTLP/HTTP spans/s over raw produce spans/s");
        report.Add("collector.grpc.ratio_to_raw_produce", grpc.Accepted.PerSecond / raw.PerSecond, "ratio", "OTLP/gRPC spans/s over raw produce spans/s");
        return raw;
    }

    private static void AddLoad(Report report, string key, string what, LoadResult result)
    {
        report.Add(key + ".spans_per_s", result.Accepted.PerSecond, "spans/s", what + ": accepted spans");
        report.Add(key + ".requests", result.Requests, "requests", what + ": requests in the window");
        report.Add(key + ".refused", result.Refused, "requests", what + ": not answered success");
        report.Add(key + ".saturated_p50_ms", result.Latencies.PercentileMs(50), "ms", what + ": latency when saturated");
        report.Add(key + ".saturated_p99_ms", result.Latencies.PercentileMs(99), "ms", what + ": latency when saturated");
        report.Add(key + ".cpu_s_per_m_spans", result.Accepted.CpuSecondsPerMillion, "CPU s/M", what + ": process CPU per million spans (client and mock included)");
        report.Add(key + ".allocated_bytes_per_span", result.Accepted.AllocatedBytesPerItem, "bytes", what + ": managed allocation per span (client included)");
        report.Add(key + ".gc_pause_fraction", result.Accepted.GcPauseFraction, "ratio", what + ": share of wall time paused for GC");
    }

    private static double AverageBytes(IReadOnlyList<byte[]> bodies)
    {
        long bytes = 0;
        for (var i = 0; i < bodies.Count; i++)
        {
            bytes += bodies[i].Length;
        }

        return (double)bytes / bodies.Count;
    }
}
