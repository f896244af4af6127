using System.Text;
using Confluent.Kafka;
using Jaeger.Streaming.Ingester.DeadLetters;
using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Jaeger.Streaming.Ingester.Tests.Support;
using Google.Protobuf;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Tests.Delivery;

public sealed class DeadLetterTests
{
    [Fact]
    public async Task A_record_that_does_not_decode_lands_in_the_dead_letter_topic_with_its_bytes_and_why_and_later_records_are_still_stored()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        byte[] garbage = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01, 0x02];
        var headers = SpanRecordProducer.ContractHeaders();
        headers.Add("x-origin", "test"u8.ToArray());
        var poisoned = await producer.ProduceAsync("not-a-trace-id"u8.ToArray(), garbage, headers);
        var later = await producer.ProduceTracesAsync(traces: 20);

        await using var ingester = await IngesterUnderTest.StartAsync(kafka);
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(later, spansPerTrace: 3), "the records after the poisoned one are stored");

        var deadLetter = ReadOneDeadLetter(kafka.BootstrapServers);
        Assert.Equal(garbage, deadLetter.Message.Value);
        Assert.Equal("not-a-trace-id"u8.ToArray(), deadLetter.Message.Key);
        Assert.Equal("test"u8.ToArray(), deadLetter.Message.Headers.GetLastBytes("x-origin"));
        Assert.Contains("not an OTLP ExportTraceServiceRequest", Header(deadLetter, SpanRecordContract.DeadLetter.Reason), StringComparison.Ordinal);
        Assert.Equal(SpanRecordContract.DefaultTopic, Header(deadLetter, SpanRecordContract.DeadLetter.SourceTopic));
        Assert.Equal(poisoned.Partition.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(deadLetter, SpanRecordContract.DeadLetter.SourcePartition));
        Assert.Equal(poisoned.Offset.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(deadLetter, SpanRecordContract.DeadLetter.SourceOffset));
        Assert.True(DateTimeOffset.TryParse(Header(deadLetter, SpanRecordContract.DeadLetter.RejectedAt), System.Globalization.CultureInfo.InvariantCulture, out _));
    }

    [Fact]
    public Task A_record_the_storage_refuses_to_prepare_lands_in_the_dead_letter_topic_and_later_records_are_still_stored() =>
        AssertDeadLetteredWhileLaterRecordsAreStoredAsync(RefusingWriter.Unstorable, $"the storage cannot hold these spans: {RefusingWriter.Why}");

    [Fact]
    public Task A_record_the_ingester_fails_on_lands_in_the_dead_letter_topic_naming_the_fault_and_later_records_are_still_stored() =>
        AssertDeadLetteredWhileLaterRecordsAreStoredAsync(RefusingWriter.Faulty, $"the ingester failed on this record, a fault to report: InvalidOperationException: {RefusingWriter.Fault}");

    [Fact]
    public async Task A_document_elasticsearch_refuses_for_good_lands_in_the_dead_letter_topic_with_its_tenant_index_and_error()
    {
        using var kafka = new KafkaWithStore();
        var settings = IngesterUnderTest.Settings(kafka, new Dictionary<string, string?>
        {
            ["Storage:Type"] = "elasticsearch",
            ["Storage:Elasticsearch:Servers:0"] = "https://127.0.0.1:9",
            ["Storage:Elasticsearch:WriteCredentials:AllowAnonymous"] = "true",
        });
        await using var app = IngesterUnderTest.Build(settings);
        var sink = app.Services.GetRequiredService<IRejectedDocumentSink>();
        byte[] document = """{"traceID":"0af7651916cd43dd8448eb211c80319c","spanID":"b7ad6b7169203331"}"""u8.ToArray();
        var item = new BulkItem("jaeger-span-acme-2026-11-23", "acme:0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331", document, "span");

        await sink.RejectAsync("acme", [new RejectedDocument(item, 400, "mapper_parsing_exception", "failed to parse field [startTime]")], TestContext.Current.CancellationToken);

        var deadLetter = ReadOneDeadLetter(kafka.BootstrapServers);
        Assert.Equal(document, deadLetter.Message.Value);
        Assert.Equal(item.Id, Encoding.UTF8.GetString(deadLetter.Message.Key));
        Assert.Equal("acme", Header(deadLetter, SpanRecordContract.TenantHeader));
        Assert.Equal("application/json", Header(deadLetter, SpanRecordContract.ContentTypeHeader));
        Assert.Equal("elasticsearch:jaeger-span-acme-2026-11-23", Header(deadLetter, SpanRecordContract.DeadLetter.SourceTopic));
        Assert.Contains("mapper_parsing_exception: failed to parse field [startTime]", Header(deadLetter, SpanRecordContract.DeadLetter.Reason), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_the_cause_is_fixed_re_driven_dead_letters_are_stored_and_a_second_run_re_drives_nothing()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var traceId = Otlp.NewTraceId();
        var refused = Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(traceId, RefusingWriter.Unstorable), Otlp.Span(traceId, "after-it"))).ToByteArray();
        await producer.ProduceAsync(SpanRecordContract.KeyFor(traceId.Id), refused, SpanRecordProducer.ContractHeaders());
        var later = await producer.ProduceTracesAsync(traces: 5);
        await using (var refusing = await IngesterUnderTest.StartAsync(kafka, real => new RefusingWriter(real)))
        {
            using var before = new StoredSpans(kafka.DataDir);
            await Eventually.HoldsAsync(() => before.AllStoredAsync(later, spansPerTrace: 3), "the records after the refused one are stored");
            ReadOneDeadLetter(kafka.BootstrapServers);
        }

        var (first, firstOutput) = await RedriveAsync(kafka);
        await using var fixedIngester = await IngesterUnderTest.StartAsync(kafka);
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync([traceId], spansPerTrace: 2), "the re-driven trace is stored");
        var (second, secondOutput) = await RedriveAsync(kafka);

        Assert.Equal((0, 0), (first, second));
        Assert.StartsWith("re-drove 1 record(s) from jaeger-spans-dlq to jaeger-spans", firstOutput, StringComparison.Ordinal);
        Assert.StartsWith("re-drove 0 record(s)", secondOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_dry_run_publishes_nothing_and_a_reason_filter_re_drives_only_matching_span_records_without_their_dead_letter_headers()
    {
        using var kafka = new KafkaWithStore();
        using (var deadLetters = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = kafka.BootstrapServers }).SetLogHandler((_, _) => { }).Build())
        {
            foreach (var (value, source, reason) in new[] { ("first", SpanRecordContract.DefaultTopic, "schema version '2' is not supported"), ("document", "elasticsearch:jaeger-span-2026-12-05", "mapper_parsing_exception"), ("second", SpanRecordContract.DefaultTopic, "the storage cannot hold these spans") })
            {
                var headers = SpanRecordProducer.ContractHeaders();
                headers.Add("x-origin", Encoding.UTF8.GetBytes(value));
                headers.Add(SpanRecordContract.DeadLetter.Reason, Encoding.UTF8.GetBytes(reason));
                headers.Add(SpanRecordContract.DeadLetter.SourceTopic, Encoding.UTF8.GetBytes(source));
                headers.Add(SpanRecordContract.DeadLetter.SourceOffset, "7"u8.ToArray());
                await deadLetters.ProduceAsync(SpanRecordContract.DefaultDeadLetterTopic, new Message<byte[], byte[]> { Key = Encoding.UTF8.GetBytes(value), Value = Encoding.UTF8.GetBytes(value), Headers = headers }, TestContext.Current.CancellationToken);
            }
        }

        var (dryExit, dryOutput) = await RedriveAsync(kafka, "--dry-run");
        var afterDryRun = SpanTopicRecords(kafka.BootstrapServers);
        var (exit, output) = await RedriveAsync(kafka, "--reason-contains", "SCHEMA VERSION");
        var redriven = Assert.Single(SpanTopicRecords(kafka.BootstrapServers));

        Assert.Equal((0, 0), (dryExit, exit));
        Assert.Equal("would re-drive 2 record(s) from jaeger-spans-dlq to jaeger-spans; passed over 1 that are not span records and 0 whose reason does not match; nothing was published or committed (dry run).", dryOutput.Trim());
        Assert.Empty(afterDryRun);
        Assert.Equal("re-drove 1 record(s) from jaeger-spans-dlq to jaeger-spans; passed over 1 that are not span records and 1 whose reason does not match.", output.Trim());
        Assert.Equal(("first", "first"), (Encoding.UTF8.GetString(redriven.Message.Key), Encoding.UTF8.GetString(redriven.Message.Value)));
        Assert.Equal(
            [SpanRecordContract.ContentTypeHeader, SpanRecordContract.SchemaVersionHeader, "x-origin"],
            redriven.Message.Headers.Select(header => header.Key));
    }

    [Fact]
    public async Task Redrive_with_an_argument_it_does_not_know_prints_the_usage_and_exits_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await DeadLetterRedriveCommand.RunAsync(["--since", "yesterday"], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("'--since' is not understood", error.ToString(), StringComparison.Ordinal);
        Assert.Contains("usage: redrive-dead-letters", error.ToString(), StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RedriveAsync(KafkaWithStore kafka, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await DeadLetterRedriveCommand.RunAsync(
            [.. args, $"--Kafka:BootstrapServers={kafka.BootstrapServers}", "--Kafka:Security:AllowPlaintext=true"], output, error, TestContext.Current.CancellationToken);
        Assert.True(exit == 0, error.ToString());
        return (exit, output.ToString());
    }

    /// <summary>Every record of the span topic, read from the start until none arrives for two seconds.</summary>
    private static List<ConsumeResult<byte[], byte[]>> SpanTopicRecords(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"span-reader-{Guid.NewGuid():n}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(SpanRecordContract.DefaultTopic);
        var records = new List<ConsumeResult<byte[], byte[]>>();
        while (consumer.Consume(TimeSpan.FromSeconds(records.Count == 0 ? 10 : 2)) is { } record)
        {
            records.Add(record);
        }

        consumer.Close();
        return records;
    }

    private static string Header(ConsumeResult<byte[], byte[]> record, string key) => Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(key));

    private static ConsumeResult<byte[], byte[]> ReadOneDeadLetter(string bootstrapServers)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrapServers,
            GroupId = $"dlq-reader-{Guid.NewGuid():n}",
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(SpanRecordContract.DefaultDeadLetterTopic);
        var record = consumer.Consume(TimeSpan.FromSeconds(60));
        consumer.Close();
        Assert.NotNull(record);
        return record;
    }

    /// <summary>A record of one span named <paramref name="spanName"/>, then 20 traces, through a <see cref="RefusingWriter"/>.</summary>
    private static async Task AssertDeadLetteredWhileLaterRecordsAreStoredAsync(string spanName, string reason)
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var failing = Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(Otlp.NewTraceId(), spanName))).ToByteArray();
        await producer.ProduceAsync(Encoding.UTF8.GetBytes(spanName), failing, SpanRecordProducer.ContractHeaders());
        var later = await producer.ProduceTracesAsync(traces: 20);

        await using var ingester = await IngesterUnderTest.StartAsync(kafka, real => new RefusingWriter(real));
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(later, spansPerTrace: 3), $"the records after the '{spanName}' one are stored");

        var deadLetter = ReadOneDeadLetter(kafka.BootstrapServers);
        Assert.Equal(failing, deadLetter.Message.Value);
        Assert.Contains(reason, Header(deadLetter, SpanRecordContract.DeadLetter.Reason), StringComparison.Ordinal);
    }

    /// <summary>
    /// The real writer, except that it refuses to prepare spans named <see cref="Unstorable"/> and fails, as a bug
    /// would, on spans named <see cref="Faulty"/>.
    /// </summary>
    private sealed class RefusingWriter(ITraceWriter real) : ITraceWriter
    {
        public const string Unstorable = "unstorable";
        public const string Why = "spans named 'unstorable' cannot be stored (scripted)";
        public const string Faulty = "faulty";
        public const string Fault = "a scripted fault on spans named 'faulty'";

        public PreparedSpans Prepare(string tenant, IReadOnlyList<ResourceSpans> spans) =>
            Named(spans, Unstorable) ? throw new ArgumentException(Why, nameof(spans))
            : Named(spans, Faulty) ? throw new InvalidOperationException(Fault)
            : real.Prepare(tenant, spans);

        private static bool Named(IReadOnlyList<ResourceSpans> spans, string name) =>
            spans.Any(r => r.ScopeSpans.Any(s => s.Spans.Any(span => span.Name == name)));

        public Task WriteAsync(IReadOnlyList<PreparedSpans> batch, CancellationToken cancellationToken) => real.WriteAsync(batch, cancellationToken);
    }
}
