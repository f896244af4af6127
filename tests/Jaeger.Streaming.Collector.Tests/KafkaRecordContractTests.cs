using System.Text;
using Confluent.Kafka;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>DESIGN §3: what a record on <c>jaeger-spans</c> looks like to any reader.</summary>
public sealed class KafkaRecordContractTests(CollectorFixture fixture) : IClassFixture<CollectorFixture>
{
    private SpanTopic Topic => fixture.Topic;

    [Fact]
    public async Task Each_record_decodes_as_a_request_holding_exactly_one_trace()
    {
        var (a, b, c) = (Otlp.NewTraceId(), Otlp.NewTraceId(), Otlp.NewTraceId());
        await ExportAsync(Otlp.Request(
            Otlp.ResourceSpans("one", Otlp.Span(a), Otlp.Span(b), Otlp.Span(a)),
            Otlp.ResourceSpans("two", Otlp.Span(c), Otlp.Span(b))));

        foreach (var (traceId, spans) in new[] { (a, 2), (b, 2), (c, 1) })
        {
            var record = Assert.Single(Topic.ReadTrace(traceId));
            var decoded = ExportTraceServiceRequest.Parser.ParseFrom(record.Message.Value).AllSpans();
            Assert.Equal(spans, decoded.Count);
            Assert.All(decoded, span => Assert.Equal(traceId.Bytes, span.TraceId));
        }
    }

    [Fact]
    public async Task Record_key_is_the_trace_id_in_lowercase_hex()
    {
        var traceId = new TraceIdBytes(unchecked((long)0xABCDEF0123456789), 0x0A0B0C0D0E0F1011);
        await ExportAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(traceId))));

        var record = Assert.Single(Topic.ReadAll(), r => ContainsTrace(r, traceId));

        Assert.Equal("abcdef01234567890a0b0c0d0e0f1011", Encoding.ASCII.GetString(record.Message.Key));
    }

    [Fact]
    public async Task Record_headers_say_protobuf_and_schema_version_1()
    {
        var traceId = Otlp.NewTraceId();
        await ExportAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(traceId))));

        var headers = Assert.Single(Topic.ReadTrace(traceId)).Message.Headers;

        Assert.Equal("application/x-protobuf", Header(headers, "content-type"));
        Assert.Equal("1", Header(headers, "schema-version"));
    }

    [Fact]
    public async Task All_records_of_a_trace_land_on_one_partition()
    {
        var traceId = Otlp.NewTraceId();
        for (var i = 0; i < 8; i++)
        {
            await ExportAsync(Otlp.Request(Otlp.ResourceSpans($"svc-{i}", Otlp.Span(traceId))));
        }

        var records = Topic.ReadTrace(traceId);

        Assert.Equal(8, records.Count);
        Assert.Single(records.ConvertAll(r => r.Partition.Value).Distinct());
    }

    [Fact]
    public async Task Records_keep_resource_scope_and_schema_urls()
    {
        var traceId = Otlp.NewTraceId();
        var resourceSpans = Otlp.ResourceSpans("checkout", Otlp.Span(traceId));
        resourceSpans.Resource.Attributes.Add(Otlp.Attr("host.name", "node-7"));
        resourceSpans.SchemaUrl = "https://opentelemetry.io/schemas/1.24.0";
        resourceSpans.ScopeSpans[0].Scope.Attributes.Add(Otlp.Attr("scope.kind", "http"));
        resourceSpans.ScopeSpans[0].SchemaUrl = "https://opentelemetry.io/schemas/1.25.0";
        var sent = resourceSpans.Clone();

        await ExportAsync(Otlp.Request(resourceSpans));

        var received = Assert.Single(Assert.Single(Topic.ReadTraceRequests(traceId)).ResourceSpans);
        Assert.Equal(sent, received);
    }

    private async Task ExportAsync(ExportTraceServiceRequest request)
    {
        using var response = await fixture.Collector.PostProtobufAsync(request);
        response.EnsureSuccessStatusCode();
    }

    private static bool ContainsTrace(ConsumeResult<byte[], byte[]> record, TraceIdBytes traceId) =>
        ExportTraceServiceRequest.Parser.ParseFrom(record.Message.Value).AllSpans().Exists(s => s.TraceId == traceId.Bytes);

    private static string Header(Headers headers, string key) =>
        Encoding.UTF8.GetString(headers.GetLastBytes(key));
}
