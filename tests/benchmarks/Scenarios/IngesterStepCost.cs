using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// The ingester's per-span work that no consume loop can skip, on the very records the ingester scenario streams, each
/// step alone: decoding a record, decoding and redacting it, and the embedded store writing spans already decoded and
/// redacted. Each is timed by process CPU, because on a shared machine the wall clock counts other processes' turns;
/// it runs while nothing else in the process does (before the Kafka mock starts). Decode and redact take half of
/// <c>duration</c> each; each store shape takes all of it, since a write of the ingester's batch takes up to a second.
/// </summary>
internal static class IngesterStepCost
{
    // The ingester's batch (Ingester:Batch:MaxRecords, default 500) and a smaller one of about this many spans.
    private const int IngesterBatchRecords = 500;
    private const int SmallBatchSpans = 1_000;

    /// <summary>
    /// Decode, redact, and each backend's <c>Prepare</c>, per span on one thread: what the ingester spends on a span
    /// before its store does anything. Each step's cost is the difference from the step before it.
    /// </summary>
    public static async Task<IngesterSteps> MeasureCpuStepsAsync(SpanRecords records, TimeSpan duration, Report report, TextWriter output)
    {
        var decoder = new SpanRecordDecoder();
        await using var redaction = RedactionScenario.DefaultRedaction();
        var redactor = redaction.GetRequiredService<SpanRedactor>();

        // As the consume loop does since the writer's Prepare step: each record is decoded (and redacted) and dropped
        // before the next, so its messages die young. Redaction's own cost is the difference of the two.
        var decode = OnOneThread(duration / 2, records.Spans, null, () =>
        {
            ExportTraceServiceRequest? last = null;
            for (var i = 0; i < records.All.Count; i++)
            {
                last = Decode(decoder, records.All[i]);
            }

            GC.KeepAlive(last);
        });
        var decodeRedact = OnOneThread(duration / 2, records.Spans, null, () =>
        {
            ExportTraceServiceRequest? last = null;
            for (var i = 0; i < records.All.Count; i++)
            {
                last = Decode(decoder, records.All[i]);
                redactor.Redact(last);
            }

            GC.KeepAlive(last);
        });

        // The floor under both for an ingester that would redact the record's bytes without building messages.
        var preScan = new BytePreScan();
        var bytePreScan = OnOneThread(duration / 2, records.Spans, null, () =>
        {
            for (var i = 0; i < records.All.Count; i++)
            {
                preScan.Scan(records.All[i].Value);
            }
        });

        // The least an ingester redacting the record's bytes must do on this load (ByteRedaction); it must redact as much as SpanRedactor.
        var byteRedaction = new ByteRedaction();
        long byRedactor = 0;
        for (var i = 0; i < records.All.Count; i++)
        {
            byteRedaction.Redact(records.All[i].Value);
            byRedactor += redactor.Redact(Decode(decoder, records.All[i]));
        }

        if (byteRedaction.Redacted != byRedactor)
        {
            throw new InvalidOperationException($"ByteRedaction redacted {byteRedaction.Redacted} values of the load where SpanRedactor redacted {byRedactor}.");
        }

        var byteRedact = OnOneThread(duration / 2, records.Spans, null, () =>
        {
            for (var i = 0; i < records.All.Count; i++)
            {
                byteRedaction.Redact(records.All[i].Value);
            }
        });

        // Both again with every core busy: a consume loop near its limit keeps them all busy, and a span costs more then.
        var decodeRedactEveryCore = OnEveryCore(duration / 2, records.Spans, () =>
        {
            var own = new SpanRecordDecoder();
            return () =>
            {
                ExportTraceServiceRequest? last = null;
                for (var i = 0; i < records.All.Count; i++)
                {
                    last = Decode(own, records.All[i]);
                    redactor.Redact(last);
                }

                GC.KeepAlive(last);
            };
        });
        var byteRedactEveryCore = OnEveryCore(duration / 2, records.Spans, () =>
        {
            var own = new ByteRedaction();
            return () =>
            {
                for (var i = 0; i < records.All.Count; i++)
                {
                    own.Redact(records.All[i].Value);
                }
            };
        });

        Add(report, "decode", "SpanRecordDecoder.TryDecode of a record's headers and value, each record dropped before the next", decode);
        Add(report, "decode_redact", "decode, then SpanRedactor with the default rules, each record dropped before the next", decodeRedact);
        var redact = decodeRedact.CpuSecondsPerMillion - decode.CpuSecondsPerMillion;
        report.Add("ingester.steps.redact_cpu_us_per_span", redact, "µs", "redaction's share: decode + redact less decode alone, process CPU per span");
        Add(report, "byte_prescan", "BytePreScan: every key and text redaction examines, reached in the record's bytes, transcoded into one buffer, keys looked up, texts profiled; no message, no string", bytePreScan);

        Add(report, "byte_redaction", "ByteRedaction: the byte pre-scan with keys looked up by their bytes, each text a rule or detector acts on redacted by the production policy, the record copied with its changes; no message", byteRedact);
        AddEveryCore(report, "decode_redact", "decode and redact", decodeRedactEveryCore, decodeRedact);
        AddEveryCore(report, "byte_redaction", "ByteRedaction", byteRedactEveryCore, byteRedact);

        // Each backend's Prepare on the redacted record, as the consume loop calls it; for Elasticsearch also the _bulk
        // bodies its write builds from the prepared documents, which needs no cluster.
        var embeddedDir = Directory.CreateTempSubdirectory("jaeger-bench-prepare-").FullName;
        try
        {
            using var embedded = new EmbeddedTraceWriter(new EmbeddedStoreOptions { DataDir = embeddedDir });
            await using var elasticsearch = ElasticsearchDocuments.Start();
            await using var gzipped = ElasticsearchDocuments.Start(BulkCompression.Gzip);
            var prepareEmbedded = Prepare(records, decoder, redactor, duration, spans => embedded.Prepare(TenantName.Default, spans));
            var prepareElasticsearch = Prepare(records, decoder, redactor, duration, spans => elasticsearch.Prepare(TenantName.Default, spans));
            var prepareGzipped = Prepare(records, decoder, redactor, duration, spans => gzipped.Prepare(TenantName.Default, spans));
            var steps = new IngesterSteps(decode, decodeRedact, prepareEmbedded.CpuSecondsPerMillion - decodeRedact.CpuSecondsPerMillion,
                prepareElasticsearch.CpuSecondsPerMillion - decodeRedact.CpuSecondsPerMillion, default!, "");
            AddPrepare(report, "embedded", "the embedded store's Prepare (payload encoding, pair hashes, FTS tokens)", prepareEmbedded, decodeRedact);
            AddPrepare(report, "elasticsearch", "Elasticsearch's Prepare (Jaeger span documents) and their _bulk bodies, 1,000 documents each", prepareElasticsearch, decodeRedact);
            AddPrepare(report, "elasticsearch_gzip", "the same with Storage:Elasticsearch:Writer:Compression=Gzip", prepareGzipped, decodeRedact);
            report.Add("ingester.steps.elasticsearch_body_bytes_per_span", elasticsearch.BodyBytesPerDocument, "bytes", "_bulk body bytes per span document, as sent");
            report.Add("ingester.steps.elasticsearch_gzip_body_bytes_per_span", gzipped.BodyBytesPerDocument, "bytes", "_bulk body bytes per span document, gzipped, as sent");
            await output.WriteLineAsync(
                $"  ingester steps, CPU on one thread: decode {decode.CpuSecondsPerMillion:0.00} + redact {redact:0.00} = {decodeRedact.CpuSecondsPerMillion:0.00} µs per span "
                + $"(the byte pre-scan under both: {bytePreScan.CpuSecondsPerMillion:0.00}, {bytePreScan.AllocatedBytesPerItem:N0} bytes; redaction on bytes: {byteRedact.CpuSecondsPerMillion:0.00}, {byteRedact.AllocatedBytesPerItem:N0} bytes); "
                + $"then Prepare: embedded {steps.PrepareEmbeddedCpuUsPerSpan:0.00}, Elasticsearch {steps.PrepareElasticsearchCpuUsPerSpan:0.00} µs per span "
                + $"with {elasticsearch.BodyBytesPerDocument:N0} bytes sent (gzip: {prepareGzipped.CpuSecondsPerMillion - decodeRedact.CpuSecondsPerMillion:0.00} µs, {gzipped.BodyBytesPerDocument:N0} bytes) "
                + $"({prepareEmbedded.AllocatedBytesPerItem - decodeRedact.AllocatedBytesPerItem:N0} and {prepareElasticsearch.AllocatedBytesPerItem - decodeRedact.AllocatedBytesPerItem:N0} bytes)");
            return steps;
        }
        finally
        {
            Directory.Delete(embeddedDir, recursive: true);
        }
    }

    private static PhaseResult Prepare(SpanRecords records, SpanRecordDecoder decoder, SpanRedactor redactor, TimeSpan duration, Func<IReadOnlyList<ResourceSpans>, object> prepare) =>
        OnOneThread(duration / 2, records.Spans, null, () =>
        {
            object? last = null;
            for (var i = 0; i < records.All.Count; i++)
            {
                var request = Decode(decoder, records.All[i]);
                redactor.Redact(request);
                last = prepare(request.ResourceSpans);
            }

            GC.KeepAlive(last);
        });

    private static void AddPrepare(Report report, string backend, string what, PhaseResult withPrepare, PhaseResult decodeRedact)
    {
        report.Add($"ingester.steps.prepare_{backend}_cpu_us_per_span", withPrepare.CpuSecondsPerMillion - decodeRedact.CpuSecondsPerMillion, "µs", what + ": process CPU per span, one thread, after decode and redact");
        report.Add($"ingester.steps.prepare_{backend}_allocated_bytes_per_span", withPrepare.AllocatedBytesPerItem - decodeRedact.AllocatedBytesPerItem, "bytes", what + ": bytes the thread allocated per span");
    }

    public static async Task<IngesterSteps> MeasureAsync(SpanRecords records, TimeSpan duration, Report report, TextWriter output, CancellationToken cancellationToken)
    {
        var steps = await MeasureCpuStepsAsync(records, duration, report, output);
        var decoder = new SpanRecordDecoder();
        await using var redaction = RedactionScenario.DefaultRedaction();
        var redactor = redaction.GetRequiredService<SpanRedactor>();

        var smallBatchRecords = (int)Math.Ceiling(SmallBatchSpans / records.SpansPerRecord);
        (string Key, string What, int Records, int Callers)[] shapes =
        [
            ("500_records_x1", $"{IngesterBatchRecords}-record batches, 1 caller", IngesterBatchRecords, 1),
            ("500_records_x2", $"{IngesterBatchRecords}-record batches, 2 callers", IngesterBatchRecords, 2),
            ("1k_spans_x1", $"{smallBatchRecords}-record (~{SmallBatchSpans:N0}-span) batches, 1 caller", smallBatchRecords, 1),
            ("1k_spans_x2", $"{smallBatchRecords}-record (~{SmallBatchSpans:N0}-span) batches, 2 callers", smallBatchRecords, 2),
        ];
        var best = (Result: new PhaseResult(), What: "");
        foreach (var shape in shapes)
        {
            var written = await StoreAsync(records, decoder, redactor, shape.Records, shape.Callers, duration, cancellationToken);
            var key = $"ingester.steps.store_{shape.Key}";
            var what = "the embedded store alone, " + shape.What;
            report.Add(key + ".wall_spans_per_s", written.PerSecond, "spans/s", what + ": spans written per second of wall clock");
            report.Add(key + ".cpu_spans_per_s", 1_000_000 / written.CpuSecondsPerMillion, "spans/s", what + ": spans written per second of process CPU");
            report.Add(key + ".allocated_bytes_per_span", written.AllocatedBytesPerItem, "bytes", what + ": managed allocation of the process per span");
            await output.WriteLineAsync($"  store alone, {shape.What}: {written.PerSecond:N0} spans/s wall, {written.CpuSecondsPerMillion:0.0} µs CPU per span");
            if (best.What.Length == 0 || written.PerSecond > best.Result.PerSecond)
            {
                best = (written, shape.What);
            }
        }

        return steps with { Store = best.Result, StoreShape = best.What };
    }

    private static void Add(Report report, string step, string what, PhaseResult cost)
    {
        report.Add($"ingester.steps.{step}_cpu_us_per_span", cost.CpuSecondsPerMillion, "µs", what + ": process CPU per span, one thread");
        report.Add($"ingester.steps.{step}_allocated_bytes_per_span", cost.AllocatedBytesPerItem, "bytes", what + ": bytes the thread allocated per span");
    }

    private static void AddEveryCore(Report report, string step, string what, PhaseResult everyCore, PhaseResult oneThread)
    {
        report.Add($"ingester.steps.{step}_every_core_cpu_us_per_span", everyCore.CpuSecondsPerMillion, "µs", $"{what} on every core at once, each thread its own records' pass: process CPU per span");
        report.Add($"ingester.steps.{step}_every_core_to_one_thread", everyCore.CpuSecondsPerMillion / oneThread.CpuSecondsPerMillion, "ratio", $"{what}: CPU per span with every core busy over CPU per span on one thread while the others idle");
    }

    // Prepared one record at a time, as the consume loop does.
    private static Task WriteAsync(EmbeddedTraceWriter writer, DecodedBatch batch, CancellationToken cancellationToken)
    {
        var traces = batch.Fresh();
        var prepared = new PreparedSpans[traces.Length];
        for (var i = 0; i < traces.Length; i++)
        {
            prepared[i] = writer.Prepare(TenantName.Default, traces[i].ResourceSpans);
        }

        return writer.WriteAsync(prepared, cancellationToken);
    }

    internal static ExportTraceServiceRequest Decode(SpanRecordDecoder decoder, SpanRecord record) =>
        decoder.TryDecode(SpanRecords.Headers, record.Value, out var request, out var rejection)
            ? request
            : throw new InvalidOperationException($"A generated span record does not decode ({rejection.Reason}: {rejection.Message}); the step costs would not be the ingester's.");

    /// <summary>
    /// Runs <paramref name="pass"/> untimed until the process has spent a quarter of <paramref name="time"/> of CPU (the
    /// JIT settles; counted in CPU, since a loaded machine gives the process a fraction of the wall clock), then times
    /// passes until <paramref name="time"/> of wall clock is spent in them.
    /// </summary>
    private static PhaseResult OnOneThread(TimeSpan time, long spansPerPass, Action? prepare, Action pass)
    {
        var warmup = CpuClock.Start();
        while (warmup.Cpu < time / 4)
        {
            prepare?.Invoke();
            pass();
        }

        long spans = 0, allocated = 0;
        TimeSpan wall = TimeSpan.Zero, cpu = TimeSpan.Zero;
        while (wall < time)
        {
            prepare?.Invoke();
            var clock = CpuClock.Start();
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            pass();
            allocated += GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            cpu += clock.Cpu;
            wall += clock.Wall;
            spans += spansPerPass;
        }

        return new PhaseResult(spans, wall, cpu, Allocated: allocated);
    }

    /// <summary>
    /// The same pass on every core at once, each thread with its own state from <paramref name="newPass"/>: what a span
    /// costs when the cores are all busy, as they are in a consume loop near its limit. Process CPU over the window in
    /// which all threads run, and the spans they all finished in it.
    /// </summary>
    private static PhaseResult OnEveryCore(TimeSpan time, long spansPerPass, Func<Action> newPass)
    {
        var cores = Environment.ProcessorCount;
        using var warm = new Barrier(cores + 1);
        using var done = new CountdownEvent(cores);
        var stop = 0;
        long spans = 0, allocated = 0;
        for (var i = 0; i < cores; i++)
        {
            var pass = newPass();
            new Thread(() =>
            {
                var warmup = CpuClock.Start();
                while (warmup.Wall < time / 4)
                {
                    pass();
                }

                warm.SignalAndWait();
                var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
                long mine = 0;
                while (Volatile.Read(ref stop) == 0)
                {
                    pass();
                    mine += spansPerPass;
                }

                Interlocked.Add(ref spans, mine);
                Interlocked.Add(ref allocated, GC.GetAllocatedBytesForCurrentThread() - allocatedBefore);
                done.Signal();
            }) { IsBackground = true, Name = $"step-core-{i}" }.Start();
        }

        warm.SignalAndWait();
        var clock = CpuClock.Start();
        Thread.Sleep(time);
        Volatile.Write(ref stop, 1);
        done.Wait();
        return new PhaseResult(spans, clock.Wall, clock.Cpu, Allocated: allocated);
    }

    /// <summary>
    /// Each caller writes its own batch over and over into a new store, every trace under a fresh id, for
    /// <paramref name="time"/> after one untimed write each. Allocation is the process's: a caller's continuations may
    /// run on any thread.
    /// </summary>
    private static async Task<PhaseResult> StoreAsync(
        SpanRecords records, SpanRecordDecoder decoder, SpanRedactor redactor, int recordsPerBatch, int callers, TimeSpan time, CancellationToken cancellationToken)
    {
        var dataDir = Directory.CreateTempSubdirectory("jaeger-bench-store-").FullName;
        try
        {
            using var writer = new EmbeddedTraceWriter(new EmbeddedStoreOptions { DataDir = dataDir });
            var batches = new DecodedBatch[callers];
            var writes = new Task[callers];
            for (var c = 0; c < callers; c++)
            {
                batches[c] = new DecodedBatch(records, c * recordsPerBatch, recordsPerBatch, decoder, redactor);
                writes[c] = WriteAsync(writer, batches[c], cancellationToken);
            }

            await Task.WhenAll(writes);
            long spans = 0;
            var clock = CpuClock.Start();
            for (var c = 0; c < callers; c++)
            {
                var batch = batches[c];
                writes[c] = Task.Run(async () =>
                {
                    while (clock.Wall < time)
                    {
                        await WriteAsync(writer, batch, cancellationToken);
                        Interlocked.Add(ref spans, batch.Spans);
                    }
                }, cancellationToken);
            }

            await Task.WhenAll(writes);
            return PhaseResult.Of(spans, clock);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}

/// <summary>
/// What the ceilings derive from: decoding a record, and decoding and redacting it, each per span as the consume loop
/// does them (one record at a time); and the store alone at its fastest batch shape.
/// </summary>
internal sealed record IngesterSteps(
    PhaseResult Decode, PhaseResult DecodeRedact, double PrepareEmbeddedCpuUsPerSpan, double PrepareElasticsearchCpuUsPerSpan, PhaseResult Store, string StoreShape)
{
    public double RedactCpuUsPerSpan => DecodeRedact.CpuSecondsPerMillion - Decode.CpuSecondsPerMillion;
}
