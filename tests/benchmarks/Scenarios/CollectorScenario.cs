using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.EmbeddedKafka;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// OTLP/HTTP protobuf and OTLP/gRPC into the collector on the mock cluster, closed-loop to saturate, then HTTP
/// open-loop at half the maximum for latency; last, raw produce of the same records with the same producer settings.
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

        CollectorStepCost.Measure(load, arguments.Warmup, report, output);
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
                var half = await OpenLoop.RunAsync(client.SendAsync, load.Bodies, Math.Max(1, halfRate), arguments.Duration, cancellationToken);
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

        await ReportRawAsync(arguments, report, output, kafka, records, http, grpcLoad, cancellationToken);
    }

    /// <summary>Raw produce runs with the collector stopped, so that the two never compete for the two cores.</summary>
    private static async Task ReportRawAsync(
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
