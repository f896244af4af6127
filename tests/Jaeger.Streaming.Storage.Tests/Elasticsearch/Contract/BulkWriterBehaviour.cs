using System.Net;
using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Storage.Tests.Conformance;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

/// <summary>The ingester's bulk writing against recorded <c>_bulk</c> answers: request bodies, per-item retry and DLQ decisions.</summary>
public sealed class BulkWriterBehaviour
{
    private static readonly DateTimeOffset Morning = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    private readonly RecordedElasticsearch _es = new();
    private readonly ElasticsearchOptions _options = RecordedElasticsearch.Options();
    private readonly ElasticsearchWriterOptions _writer = new() { MaxItemRetries = 2, InstallTemplates = false };
    private readonly RejectionsKept _rejections = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Bulk_body_is_index_actions_with_deterministic_ids_each_followed_by_its_document()
    {
        var trace = Otlp.NewTraceId();
        var span = Otlp.Span(trace, "GET /cart", Morning);
        _es.Ok(BulkAnswers.Items(201, 201));

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", span)], Ct);

        var sent = Assert.Single(_es.Sent);
        Assert.Equal(("POST", "/_bulk", "application/x-ndjson"), (sent.Method, sent.PathAndQuery, sent.ContentType));
        var spanId = JaegerSpanDocument.Hex(span.SpanId);
        Assert.Equal(
            [
                $$$"""{"index":{"_index":"jaeger-span-2026-11-23","_id":"default:{{{trace.Id}}}-{{{spanId}}}"}}""",
                $$$"""{"index":{"_index":"jaeger-service-2026-11-23","_id":"{{{JaegerServiceDocument.Id("default", "cart", "GET /cart", "server")}}}"}}""",
                """{"tenant":"default","serviceName":"cart","operationName":"GET /cart","spanKind":"server"}""",
            ],
            [sent.Lines[0], sent.Lines[2], sent.Lines[3]]);
        Assert.StartsWith($$"""{"tenant":"default","traceID":"{{trace.Id}}","spanID":"{{spanId}}","flags":0,"operationName":"GET /cart",""", sent.Lines[1]);
    }

    [Fact]
    public async Task Bodies_are_sent_as_they_are_unless_gzip_is_chosen()
    {
        _es.Ok(BulkAnswers.Items(201, 201));

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);

        Assert.Null(_es.Sent[0].ContentEncoding);
        Assert.Equal(System.Text.Encoding.UTF8.GetByteCount(_es.Sent[0].Body!), _es.Sent[0].SentBytes);
    }

    [Fact]
    public async Task Gzip_sends_each_body_gzipped_and_says_so_and_a_retry_is_gzipped_afresh()
    {
        _writer.Compression = BulkCompression.Gzip;
        var trace = Otlp.NewTraceId();
        var spans = Enumerable.Range(0, 20).Select(i => Otlp.Span(trace, "a", Morning).With(Otlp.Attr("http.url", $"https://shop.example/cart/{i}"))).ToArray();
        _es.Ok(BulkAnswers.Items([.. Enumerable.Repeat(201, 20), 429])).Ok(BulkAnswers.Items(201));

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", spans)], Ct);

        var (first, retry) = (_es.Sent[0], _es.Sent[1]);
        Assert.Equal(("gzip", "application/x-ndjson"), (first.ContentEncoding, first.ContentType));
        Assert.Equal(42, first.Lines.Length);
        Assert.StartsWith("""{"tenant":"default","serviceName":"cart","operationName":"a",""", first.Lines[41]);
        Assert.True(first.SentBytes * 4 < System.Text.Encoding.UTF8.GetByteCount(first.Body!), $"{first.SentBytes} bytes sent for {first.Body!.Length}");
        Assert.Equal("gzip", retry.ContentEncoding);
        Assert.Equal([first.Lines[40], first.Lines[41]], retry.Lines);
    }

    [Fact]
    public async Task Retries_only_the_items_elasticsearch_throttled()
    {
        var trace = Otlp.NewTraceId();
        _es.Ok(BulkAnswers.Items(201, 429, 201)).Ok(BulkAnswers.Items(201));

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(trace, "a", Morning), Otlp.Span(trace, "a", Morning))], Ct);

        Assert.Equal(2, _es.Sent.Count);
        Assert.Equal([_es.Sent[0].Lines[2], _es.Sent[0].Lines[3]], _es.Sent[1].Lines);
        Assert.Empty(_rejections.Kept);
    }

    [Fact]
    public async Task Retries_items_that_failed_with_a_server_error()
    {
        _es.Ok(BulkAnswers.Items(503, 201)).Ok(BulkAnswers.Items(201));

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);

        Assert.Equal([_es.Sent[0].Lines[0], _es.Sent[0].Lines[1]], _es.Sent[1].Lines);
    }

    [Fact]
    public async Task A_mapping_error_goes_to_the_dead_letter_path_and_is_not_retried()
    {
        var trace = Otlp.NewTraceId();
        var poison = Otlp.Span(trace, "a", Morning);
        _es.Ok(BulkAnswers.Items(400, 201, 201));

        await Writer().WriteAsync("acme", [Otlp.ResourceSpans("cart", poison, Otlp.Span(trace, "a", Morning))], Ct);

        Assert.Single(_es.Sent);
        var (tenant, rejected) = Assert.Single(_rejections.Kept);
        Assert.Equal("acme", tenant);
        Assert.Equal((400, "mapper_parsing_exception"), (rejected.Status, rejected.ErrorType));
        Assert.Equal(JaegerSpanDocument.Id("acme", poison), rejected.Item.Id);
        Assert.Contains("failed to parse field [startTime]", rejected.ToString());
    }

    [Fact]
    public async Task Item_errors_not_in_elasticsearchs_shape_are_kept_as_rejections_with_their_text()
    {
        var trace = Otlp.NewTraceId();
        _es.Ok("""
            {"errors":true,"items":[
              {"index":{"status":400,"error":{"type":17,"reason":{"field":"startTime"}}}},
              {"index":{"status":400,"error":"failed to parse [duration]"}},
              {"index":{"status":201}}]}
            """);

        await Writer().WriteAsync("acme", [Otlp.ResourceSpans("cart", Otlp.Span(trace, "a", Morning), Otlp.Span(trace, "a", Morning))], Ct);

        Assert.Single(_es.Sent);
        Assert.Equal(
            [(400, "17", """{"field":"startTime"}"""), (400, "unknown", "failed to parse [duration]")],
            _rejections.Kept.Select(kept => (kept.Document.Status, kept.Document.ErrorType, kept.Document.Reason)));
    }

    [Theory]
    [InlineData("""201""")]
    [InlineData("""{"index":{"_id":"x","error":{"type":"boom"}}}""")]
    [InlineData("""{"index":{"status":"created"}}""")]
    public async Task An_answer_with_an_item_that_has_no_status_fails_the_write_as_not_known_to_have_landed(string firstItem)
    {
        _es.Ok("""{"errors":false,"items":[""" + firstItem + """,{"index":{"status":201}}]}""");

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct));

        Assert.Contains($"gives item 0 no status ({firstItem})", error.Message);
        Assert.True(error.IsTransient);
        Assert.Empty(_rejections.Kept);
    }

    [Fact]
    public async Task Items_still_throttled_after_the_retries_fail_the_write_so_the_offsets_are_not_stored()
    {
        _es.Ok(BulkAnswers.Items(201, 429)).Ok(BulkAnswers.Items(429)).Ok(BulkAnswers.Items(429));

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct));

        Assert.Equal(3, _es.Sent.Count);
        Assert.Contains("1 of 2 documents still failing after 3 attempts", error.Message);
        Assert.Equal("es_rejected_execution_exception", error.ErrorType);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task A_refused_request_fails_the_write_with_the_elasticsearch_error()
    {
        _es.Answer(HttpStatusCode.Forbidden, """{"error":{"type":"security_exception","reason":"action [indices:data/write/bulk[s]] is unauthorized"},"status":403}""");

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() =>
            Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct));

        Assert.Equal("security_exception", error.ErrorType);
        Assert.Contains("jaeger-span-2026-11-23", error.Message);
    }

    [Fact]
    public async Task Bulk_requests_are_bounded_in_documents()
    {
        _writer.MaxBulkDocuments = 2;
        var trace = Otlp.NewTraceId();
        _es.Ok(BulkAnswers.Items(201, 201)).Ok(BulkAnswers.Items(201, 201));

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(trace, "a", Morning), Otlp.Span(trace, "a", Morning), Otlp.Span(trace, "a", Morning))], Ct);

        Assert.Equal([4, 4], _es.Sent.Select(s => s.Lines.Length));
    }

    [Fact]
    public async Task Bulk_requests_are_bounded_in_bytes()
    {
        _writer.MaxBulkBytes = 16 * 1024;
        var trace = Otlp.NewTraceId();
        var spans = Enumerable.Range(0, 20).Select(_ => Otlp.Span(trace, "a", Morning).With(Otlp.Attr("payload", new string('x', 2000)))).ToArray();
        _es.AcknowledgeBulks(20);

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", spans)], Ct);

        Assert.InRange(_es.Sent.Count, 3, 20);
        Assert.All(_es.Sent, s => Assert.InRange(s.Body!.Length, 1, 16 * 1024));
        Assert.Equal(21, _es.Sent.Sum(s => s.Lines.Length / 2));
    }

    [Fact]
    public async Task A_document_larger_than_the_bound_is_sent_alone()
    {
        _writer.MaxBulkBytes = 1024;
        _es.AcknowledgeBulks(2);

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning).With(Otlp.Attr("payload", new string('x', 2000))))], Ct);

        Assert.Equal([2, 2], _es.Sent.Select(s => s.Lines.Length));
    }

    [Fact]
    public async Task A_service_and_operation_is_written_once_while_remembered()
    {
        _es.Ok(BulkAnswers.Items(201, 201)).Ok(BulkAnswers.Items(201));
        var writer = Writer();

        await writer.WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);
        await writer.WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);

        Assert.Equal(2, _es.Sent[1].Lines.Length);
        Assert.Contains("jaeger-span-", _es.Sent[1].Lines[0]);
    }

    [Fact]
    public async Task A_service_document_that_did_not_land_is_written_again()
    {
        _es.Ok(BulkAnswers.Items(201, 400)).Ok(BulkAnswers.Items(201, 201));
        var writer = Writer();

        await writer.WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);
        await writer.WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);

        Assert.Contains("jaeger-service-", _es.Sent[1].Lines[2]);
    }

    [Fact]
    public async Task The_same_service_under_another_tenant_is_written_for_that_tenant()
    {
        _es.Ok(BulkAnswers.Items(201, 201)).Ok(BulkAnswers.Items(201, 201));
        var writer = Writer();

        await writer.WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);
        await writer.WriteAsync("acme", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);

        Assert.Equal("""{"tenant":"acme","serviceName":"cart","operationName":"a","spanKind":"server"}""", _es.Sent[1].Lines[3]);
    }

    [Fact]
    public async Task Each_document_holds_its_own_span_under_its_own_resource_and_scope()
    {
        var trace = Otlp.NewTraceId();
        var cart = Otlp.ResourceSpans("cart", Otlp.Span(trace, "a", Morning).With(Otlp.Attr("user.id", "u-1"), Otlp.Attr("size", 3)), Otlp.Span(trace, "b", Morning))
            .WithResource(Otlp.Attr("host.name", "node-1"));
        cart.ScopeSpans.Add(new ScopeSpans { Scope = new InstrumentationScope { Name = "db" }, SchemaUrl = "https://opentelemetry.io/schemas/1.21.0", Spans = { Otlp.Span(trace, "c", Morning) } });
        var pay = Otlp.ResourceSpans("pay", Otlp.Span(trace, "d", Morning).WithEvent(Otlp.Attr("retry", true)));
        pay.SchemaUrl = "https://opentelemetry.io/schemas/1.24.0";
        _es.Ok(BulkAnswers.Items(Enumerable.Repeat(201, 8).ToArray()));

        await Writer().WriteAsync("default", [cart, pay], Ct);

        // Documents are written one after another through one buffer per thread: each must hold its span alone.
        var stored = _es.Sent[0].Lines.Where((line, i) => i % 2 == 1 && line.Contains("\"otlp\"", StringComparison.Ordinal))
            .Select(line => ResourceSpans.Parser.ParseFrom(System.Text.Json.JsonDocument.Parse(line).RootElement.GetProperty("otlp").GetBytesFromBase64()))
            .ToList();
        Assert.Equal(
            [Alone(cart, 0, 0), Alone(cart, 0, 1), Alone(cart, 1, 0), Alone(pay, 0, 0)],
            stored);
    }

    [Fact]
    public async Task A_shorter_body_after_a_longer_one_holds_only_its_own_documents()
    {
        var writer = Writer();
        _es.Ok(BulkAnswers.Items(201, 201, 201, 201)).Ok(BulkAnswers.Items(201));
        var trace = Otlp.NewTraceId();
        await writer.WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(trace, "a", Morning), Otlp.Span(trace, "a", Morning), Otlp.Span(trace, "a", Morning))], Ct);
        var alone = Otlp.Span(Otlp.NewTraceId(), "a", Morning);

        await writer.WriteAsync("default", [Otlp.ResourceSpans("cart", alone)], Ct);

        Assert.Equal(2, _es.Sent[1].Lines.Length);
        Assert.Equal(JaegerSpanDocument.Id("default", alone), DocumentId(_es.Sent[1].Lines[0]));
    }

    private static ResourceSpans Alone(ResourceSpans resourceSpans, int scope, int span)
    {
        var copy = resourceSpans.Clone();
        var scopeSpans = copy.ScopeSpans[scope];
        var kept = scopeSpans.Spans[span];
        scopeSpans.Spans.Clear();
        scopeSpans.Spans.Add(kept);
        copy.ScopeSpans.Clear();
        copy.ScopeSpans.Add(scopeSpans);
        return copy;
    }

    [Fact]
    public async Task Spans_either_side_of_midnight_go_to_their_own_day()
    {
        var trace = Otlp.NewTraceId();
        var midnight = new DateTimeOffset(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);
        var before = Otlp.Span(trace, "a", midnight.AddTicks(-10));
        var after = Otlp.Span(trace, "a", midnight);
        _es.Ok(BulkAnswers.Items(201, 201, 201, 201));

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", before, after)], Ct);

        // Each day's service index gets its own service document, though the pair is the same.
        var indexById = _es.Sent[0].Lines.Where((_, i) => i % 2 == 0).Select(action => (Id: DocumentId(action), Index: IndexName(action))).ToList();
        var serviceId = JaegerServiceDocument.Id("default", "cart", "a", "server");
        Assert.Equal(
            [
                (JaegerSpanDocument.Id("default", before), "jaeger-span-2026-11-23"),
                (JaegerSpanDocument.Id("default", after), "jaeger-span-2026-11-24"),
                (serviceId, "jaeger-service-2026-11-23"),
                (serviceId, "jaeger-service-2026-11-24"),
            ],
            indexById.OrderBy(pair => pair.Index.StartsWith("jaeger-service", StringComparison.Ordinal)).ThenBy(pair => pair.Index, StringComparer.Ordinal));
    }

    [Fact]
    public async Task Tenant_indices_carry_the_prefix_and_the_tenant()
    {
        _options.IndexPrefix = "prod";
        _options.TenantIndices = true;
        _es.Ok(BulkAnswers.Items(201, 201));

        await Writer().WriteAsync("acme", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);

        Assert.Contains("\"_index\":\"prod-acme-jaeger-span-2026-11-23\"", _es.Sent[0].Lines[0]);
        Assert.Contains("\"_index\":\"prod-acme-jaeger-service-2026-11-23\"", _es.Sent[0].Lines[2]);
    }

    [Fact]
    public async Task Rollover_mode_writes_through_the_write_alias()
    {
        _options.UseAliases = true;
        _es.Ok(BulkAnswers.Items(201, 201));

        await Writer().WriteAsync("default", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct);

        Assert.Contains("\"_index\":\"jaeger-span-write\"", _es.Sent[0].Lines[0]);
        Assert.Contains("\"_index\":\"jaeger-service-write\"", _es.Sent[0].Lines[2]);
    }

    [Fact]
    public async Task A_batch_of_several_tenants_is_written_one_tenant_after_another_and_refusals_name_their_tenant()
    {
        var writer = Writer();
        var first = Otlp.Span(Otlp.NewTraceId(), "a", Morning);
        var acme = Otlp.Span(Otlp.NewTraceId(), "a", Morning);
        var second = Otlp.Span(Otlp.NewTraceId(), "a", Morning);
        _es.Ok(BulkAnswers.Items(201, 201, 201)).Ok(BulkAnswers.Items(400, 201));

        await writer.WriteAsync(
            [
                writer.Prepare("default", [Otlp.ResourceSpans("cart", first)]),
                writer.Prepare("acme", [Otlp.ResourceSpans("cart", acme)]),
                writer.Prepare("default", [Otlp.ResourceSpans("cart", second)]),
            ],
            Ct);

        Assert.Equal(2, _es.Sent.Count);
        Assert.Equal(
            [JaegerSpanDocument.Id("default", first), JaegerServiceDocument.Id("default", "cart", "a", "server"), JaegerSpanDocument.Id("default", second)],
            _es.Sent[0].Lines.Where((_, i) => i % 2 == 0).Select(DocumentId));
        Assert.Equal([JaegerSpanDocument.Id("acme", acme), JaegerServiceDocument.Id("acme", "cart", "a", "server")], _es.Sent[1].Lines.Where((_, i) => i % 2 == 0).Select(DocumentId));
        var (tenant, rejected) = Assert.Single(_rejections.Kept);
        Assert.Equal(("acme", JaegerSpanDocument.Id("acme", acme)), (tenant, rejected.Item.Id));
    }

    [Fact]
    public async Task A_batch_prepared_by_another_writer_is_refused_before_anything_is_sent()
    {
        var other = new Jaeger.Streaming.Ingester.Storage.Embedded.EmbeddedPreparedSpans("default", []);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => Writer().WriteAsync([other], Ct));

        Assert.Contains("EmbeddedPreparedSpans, which ElasticsearchTraceWriter did not prepare", error.Message);
        Assert.Empty(_es.Sent);
    }

    [Fact]
    public async Task An_invalid_tenant_is_refused_before_anything_is_sent()
    {
        await Assert.ThrowsAsync<ArgumentException>(() =>
            Writer().WriteAsync("Acme/*", [Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "a", Morning))], Ct));

        Assert.Empty(_es.Sent);
    }

    private static string DocumentId(string actionLine) => Action(actionLine, "_id");

    private static string IndexName(string actionLine) => Action(actionLine, "_index");

    private static string Action(string actionLine, string property) =>
        System.Text.Json.JsonDocument.Parse(actionLine).RootElement.GetProperty("index").GetProperty(property).GetString()!;

    private ElasticsearchTraceWriter Writer()
    {
        var client = _es.Client(_options);
        return new ElasticsearchTraceWriter(
            new IndexTemplateInstaller(client, _options, _writer, NullLogger<IndexTemplateInstaller>.Instance),
            new BulkIndexer(client, _writer, _options, TimeProvider.System),
            new ServiceOperationCache(_writer, TimeProvider.System),
            _rejections,
            _options,
            _writer);
    }

    private sealed class RejectionsKept : IRejectedDocumentSink
    {
        public List<(string Tenant, RejectedDocument Document)> Kept { get; } = [];

        public Task RejectAsync(string tenant, IReadOnlyList<RejectedDocument> rejected, CancellationToken cancellationToken)
        {
            Kept.AddRange(rejected.Select(r => (tenant, r)));
            return Task.CompletedTask;
        }
    }
}
