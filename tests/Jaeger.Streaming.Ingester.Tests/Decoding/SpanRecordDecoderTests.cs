using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Tests.Support;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Ingester.Tests.Decoding;

public sealed class SpanRecordDecoderTests
{
    private readonly SpanRecordDecoder _decoder = new();

    [Fact]
    public void Decodes_a_record_holding_the_spans_of_one_trace()
    {
        var trace = Otlp.NewTraceId();
        var value = Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(trace), Otlp.Span(trace))).ToByteArray();

        Assert.True(_decoder.TryDecode(SpanRecordProducer.ContractHeaders(), value, out var request, out _));
        Assert.Equal(2, request.ResourceSpans[0].ScopeSpans[0].Spans.Count);
        Assert.Equal("test-scope", request.ResourceSpans[0].ScopeSpans[0].Scope.Name);
    }

    [Fact]
    public void Decodes_a_record_without_headers_as_an_OTel_kafkaexporter_may_write_it() =>
        Assert.True(_decoder.TryDecode(null, OneTrace(), out _, out _));

    [Fact]
    public void Ignores_unknown_headers()
    {
        var headers = SpanRecordProducer.ContractHeaders();
        headers.Add("x-something-new", Encoding.UTF8.GetBytes("whatever"));

        Assert.True(_decoder.TryDecode(headers, OneTrace(), out _, out _));
    }

    [Fact]
    public void Rejects_bytes_that_are_not_an_OTLP_request() =>
        AssertRejected(null, [0xFF, 0xFF, 0xFF, 0xFF, 0xFF], RecordRejection.NotOtlpProtobuf, "not an OTLP ExportTraceServiceRequest");

    [Fact]
    public void Rejects_a_record_without_a_value() =>
        AssertRejected(null, null, RecordRejection.EmptyValue, "no value");

    [Fact]
    public void Rejects_an_unsupported_schema_version() =>
        AssertRejected(new Headers { { SpanRecordContract.SchemaVersionHeader, "2"u8.ToArray() } }, OneTrace(), RecordRejection.UnsupportedSchemaVersion, "schema-version '2' is not supported");

    [Fact]
    public void Rejects_a_content_type_other_than_protobuf() =>
        AssertRejected(new Headers { { SpanRecordContract.ContentTypeHeader, "application/json"u8.ToArray() } }, OneTrace(), RecordRejection.UnsupportedContentType, "content-type 'application/json' is not supported");

    [Fact]
    public void Rejects_a_request_without_spans() =>
        AssertRejected(null, Otlp.Request(Otlp.ResourceSpans("checkout")).ToByteArray(), RecordRejection.NoSpans, "holds no spans");

    [Fact]
    public void Rejects_spans_of_two_traces()
    {
        var value = Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(Otlp.NewTraceId())), Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId()))).ToByteArray();

        AssertRejected(null, value, RecordRejection.MultipleTraces, "more than one trace");
    }

    [Fact]
    public void Rejects_an_all_zero_trace_id()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.TraceId = ByteString.CopyFrom(new byte[16]);

        AssertRejected(null, Otlp.Request(Otlp.ResourceSpans("checkout", span)).ToByteArray(), RecordRejection.InvalidTraceId, "invalid trace id (16 bytes, all zero)");
    }

    [Fact]
    public void Rejects_a_span_id_that_is_not_8_bytes()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.SpanId = ByteString.CopyFrom(1, 2, 3);

        AssertRejected(null, Otlp.Request(Otlp.ResourceSpans("checkout", span)).ToByteArray(), RecordRejection.InvalidSpanId, "invalid span id (3 bytes)");
    }

    [Fact]
    public void Rejects_a_parent_span_id_that_is_not_8_bytes()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.ParentSpanId = ByteString.CopyFrom(1, 2, 3, 4);

        AssertRejected(null, Otlp.Request(Otlp.ResourceSpans("checkout", span)).ToByteArray(), RecordRejection.InvalidSpanId, "invalid parent span id (4 bytes)");
    }

    [Fact]
    public void Decodes_a_child_span_with_an_8_byte_parent_span_id()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.ParentSpanId = ByteString.CopyFrom(1, 2, 3, 4, 5, 6, 7, 8);

        Assert.True(_decoder.TryDecode(null, Otlp.Request(Otlp.ResourceSpans("checkout", span)).ToByteArray(), out var request, out _));
        Assert.Equal(span.ParentSpanId, request.ResourceSpans[0].ScopeSpans[0].Spans[0].ParentSpanId);
    }

    private static byte[] OneTrace() => Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(Otlp.NewTraceId()))).ToByteArray();

    private void AssertRejected(Headers? headers, byte[]? value, string reason, string messagePart)
    {
        Assert.False(_decoder.TryDecode(headers, value, out _, out var rejection));
        Assert.Equal(reason, rejection.Reason);
        Assert.Contains(messagePart, rejection.Message, StringComparison.Ordinal);
    }
}
