using Jaeger.Streaming.Query.Api.Legacy;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Tests.Api;

public sealed class JaegerTraceConverterTests
{
    private readonly TraceIdBytes _traceId = Otlp.NewTraceId();

    [Fact]
    public void Non_finite_doubles_become_string_tags_because_json_has_no_nan()
    {
        var span = Otlp.Span(_traceId);
        span.Attributes.Add(Otlp.Attr("ratio", double.NaN));

        var tag = Tag(Convert(span), "ratio");

        Assert.Equal(("string", "NaN"), (tag.Type, tag.Value));
    }

    [Fact]
    public void Arrays_become_string_tags_holding_their_json_text()
    {
        var span = Otlp.Span(_traceId);
        span.Attributes.Add(new KeyValue
        {
            Key = "ids",
            Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue { StringValue = "a" } } } },
        });

        var tag = Tag(Convert(span), "ids");

        Assert.Equal(("string", "[1,\"a\"]"), (tag.Type, tag.Value));
    }

    [Fact]
    public void Unspecified_kind_and_unset_status_add_no_tags()
    {
        var span = Otlp.Span(_traceId);
        span.Kind = Span.Types.SpanKind.Unspecified;

        var keys = Convert(span).Spans[0].Tags.Select(t => t.Key);

        Assert.DoesNotContain("span.kind", keys);
        Assert.DoesNotContain("otel.status_code", keys);
        Assert.DoesNotContain("error", keys);
    }

    [Fact]
    public void Root_span_has_no_references()
    {
        Assert.Empty(Convert(Otlp.Span(_traceId)).Spans[0].References);
    }

    [Fact]
    public void Equal_resources_share_one_process()
    {
        var trace = new TracesData
        {
            ResourceSpans = { Otlp.ResourceSpans("shop", Otlp.Span(_traceId)), Otlp.ResourceSpans("shop", Otlp.Span(_traceId)) },
        };

        var converted = JaegerTraceConverter.Convert(trace);

        Assert.Equal("p1", Assert.Single(converted.Processes).Key);
        Assert.All(converted.Spans, s => Assert.Equal("p1", s.ProcessId));
    }

    private static JaegerTrace Convert(Span span) =>
        JaegerTraceConverter.Convert(new TracesData { ResourceSpans = { Otlp.ResourceSpans("shop", span) } });

    private static JaegerKeyValue Tag(JaegerTrace trace, string key) => trace.Spans[0].Tags.Single(t => t.Key == key);
}
