using System.Net;
using System.Text;
using Google.Protobuf;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// Issue 3's table: every validation rule over OTLP/HTTP on default limits (body limit lowered to 1 MiB), with its
/// exact status or partial-success count, and the topic checked so that nothing invalid reaches Kafka.
/// </summary>
public sealed class ValidationRulesTests : IAsyncLifetime
{
    private const string Protobuf = "application/x-protobuf";

    private readonly SpanTopic _topic = new();
    private CollectorHost _collector = null!;

    public async ValueTask InitializeAsync() =>
        _collector = await CollectorHost.StartAsync(_topic.BootstrapServers, new Dictionary<string, string?> { ["Collector:MaxRequestBodyBytes"] = "1048576" });

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        _topic.Dispose();
    }

    /// <summary>Each case: one span broken in one way, sent next to a valid span of the same trace.</summary>
    [Theory]
    [InlineData("zero trace id", "trace_id")]
    [InlineData("short trace id", "trace_id")]
    [InlineData("zero span id", "span_id")]
    [InlineData("short span id", "span_id")]
    [InlineData("end before start", "end_time_unix_nano")]
    [InlineData("too many attributes", "MaxAttributesPerSpan")]
    [InlineData("too many events", "MaxEventsPerSpan")]
    [InlineData("too many links", "MaxLinksPerSpan")]
    [InlineData("over-long key", "MaxAttributeKeyLength")]
    [InlineData("over-long name", "MaxSpanNameLength")]
    [InlineData("far future", "MaxFutureSkew")]
    public async Task Invalid_span_is_rejected_in_partial_success_and_never_published(string rule, string reason)
    {
        var traceId = Otlp.NewTraceId();
        var broken = Otlp.Span(traceId, "broken");
        Break(broken, rule);

        using var response = await _collector.PostProtobufAsync(Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(traceId, "valid"), broken)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await ReadBytesAsync(response)).PartialSuccess;
        Assert.Equal(1, partial.RejectedSpans);
        Assert.Contains(reason, partial.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["valid"], _topic.ReadTraceRequests(traceId).AllSpans().ConvertAll(s => s.Name));
    }

    [Theory]
    [InlineData("garbage protobuf", HttpStatusCode.BadRequest)]
    [InlineData("truncated json", HttpStatusCode.BadRequest)]
    [InlineData("wrong content type", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("over-size body", HttpStatusCode.RequestEntityTooLarge)]
    [InlineData("every span invalid", HttpStatusCode.BadRequest)]
    public async Task Malformed_request_gets_its_status_and_publishes_nothing(string rule, HttpStatusCode expected)
    {
        var traceId = Otlp.NewTraceId();
        var valid = Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(traceId, "would-be-valid")));
        var json = Encoding.UTF8.GetBytes(OtlpJsonOf(valid));
        var (body, contentType) = rule switch
        {
            "garbage protobuf" => (valid.ToByteArray()[..^3], Protobuf),
            "truncated json" => (json[..^5], "application/json"),
            "wrong content type" => (valid.ToByteArray(), "text/plain"),
            "over-size body" => (Oversized(traceId).ToByteArray(), Protobuf),
            _ => (BrokenOnly(traceId).ToByteArray(), Protobuf),
        };

        using var response = await _collector.PostAsync(body, contentType);

        Assert.Equal(expected, response.StatusCode);
        Assert.Empty(_topic.ReadTrace(traceId));
    }

    [Fact]
    public async Task Over_long_value_is_truncated_with_the_marker_not_rejected()
    {
        var traceId = Otlp.NewTraceId();
        var span = Otlp.Span(traceId, "wordy");
        span.Attributes.Add(Otlp.Attr("payload", new string('x', new SpanLimits().MaxAttributeValueLength + 10)));

        using var response = await _collector.PostProtobufAsync(Otlp.Request(Otlp.ResourceSpans("svc", span)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(ExportTraceServiceResponse.Parser.ParseFrom(await ReadBytesAsync(response)).PartialSuccess);
        var published = Assert.Single(_topic.ReadTraceRequests(traceId).AllSpans());
        Assert.Equal(new SpanLimits().MaxAttributeValueLength, published.Attributes[0].Value.StringValue.Length);
        Assert.Equal(1, published.Attributes.Single(a => a.Key == SpanLimits.TruncatedValuesAttribute).Value.IntValue);
    }

    private static void Break(Span span, string rule)
    {
        switch (rule)
        {
            case "zero trace id":
                span.TraceId = ByteString.CopyFrom(new byte[16]);
                break;
            case "short trace id":
                span.TraceId = ByteString.CopyFrom(span.TraceId.Span[..8]);
                break;
            case "zero span id":
                span.SpanId = ByteString.CopyFrom(new byte[8]);
                break;
            case "short span id":
                span.SpanId = ByteString.CopyFrom([1, 2, 3]);
                break;
            case "end before start":
                span.EndTimeUnixNano = span.StartTimeUnixNano - 1;
                break;
            case "too many attributes":
                for (var i = 0; i <= new SpanLimits().MaxAttributesPerSpan; i++)
                {
                    span.Attributes.Add(Otlp.Attr($"a{i}", i));
                }

                break;
            case "too many events":
                for (var i = 0; i <= new SpanLimits().MaxEventsPerSpan; i++)
                {
                    span.Events.Add(new Span.Types.Event { Name = "e" });
                }

                break;
            case "too many links":
                for (var i = 0; i <= new SpanLimits().MaxLinksPerSpan; i++)
                {
                    span.Links.Add(new Span.Types.Link { TraceId = span.TraceId, SpanId = Otlp.NewSpanId() });
                }

                break;
            case "over-long key":
                span.Attributes.Add(Otlp.Attr(new string('k', new SpanLimits().MaxAttributeKeyLength + 1), "v"));
                break;
            case "over-long name":
                span.Name = new string('n', new SpanLimits().MaxSpanNameLength + 1);
                break;
            default:
                span.StartTimeUnixNano = Otlp.ToUnixNanos(DateTimeOffset.UtcNow.AddDays(2));
                span.EndTimeUnixNano = span.StartTimeUnixNano + 1000;
                break;
        }
    }

    private static ExportTraceServiceRequest BrokenOnly(TraceIdBytes traceId)
    {
        var span = Otlp.Span(traceId);
        span.SpanId = ByteString.Empty;
        return Otlp.Request(Otlp.ResourceSpans("svc", span));
    }

    private static ExportTraceServiceRequest Oversized(TraceIdBytes traceId)
    {
        var span = Otlp.Span(traceId);
        for (var i = 0; i < 100; i++)
        {
            span.Attributes.Add(Otlp.Attr($"big{i}", new string('x', 16 * 1024)));
        }

        return Otlp.Request(Otlp.ResourceSpans("svc", span));
    }

    private static string OtlpJsonOf(ExportTraceServiceRequest request) => Jaeger.Streaming.Schemas.Otlp.OtlpJson.ToJsonNode(request).ToJsonString();

    private static Task<byte[]> ReadBytesAsync(HttpResponseMessage response) => response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken);
}
