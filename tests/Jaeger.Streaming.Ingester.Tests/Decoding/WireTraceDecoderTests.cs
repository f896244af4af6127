using Google.Protobuf;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Tests.Decoding;

/// <summary>
/// The wire decoder must build exactly the message Google.Protobuf parses, or give up: Google.Protobuf is the reference.
/// </summary>
public sealed class WireTraceDecoderTests
{
    private readonly WireTraceDecoder _decoder = new();

    [Fact]
    public void Decodes_every_OTLP_trace_field_as_Google_Protobuf_does()
    {
        var value = EveryField().ToByteArray();

        var decoded = _decoder.TryDecode(value);

        Assert.NotNull(decoded);
        Assert.Equal(ExportTraceServiceRequest.Parser.ParseFrom(value), decoded);
    }

    [Fact]
    public void Decodes_spans_that_repeat_keys_and_values_each_with_its_own_text()
    {
        var trace = Otlp.NewTraceId();
        var spans = Enumerable.Range(0, 50)
            .Select(i => WithAttributes(Otlp.Span(trace, $"op-{i % 7}"), Otlp.Attr("http.method", i % 2 == 0 ? "GET" : "POST"), Otlp.Attr("user.id", $"u-{i}")))
            .ToArray();
        var value = Otlp.Request(Otlp.ResourceSpans("checkout", spans)).ToByteArray();

        Assert.Equal(ExportTraceServiceRequest.Parser.ParseFrom(value), _decoder.TryDecode(value));
    }

    [Fact]
    public void Shares_one_string_for_a_key_every_span_repeats()
    {
        var trace = Otlp.NewTraceId();
        var spans = Enumerable.Range(0, 5).Select(i => WithAttributes(Otlp.Span(trace), Otlp.Attr("http.request.method", "GET"))).ToArray();

        var decoded = _decoder.TryDecode(Otlp.Request(Otlp.ResourceSpans("checkout", spans)).ToByteArray());

        var keys = decoded!.ResourceSpans[0].ScopeSpans[0].Spans.Select(span => span.Attributes[0].Key).ToList();
        Assert.Same(keys[^2], keys[^1]);
    }

    [Fact]
    public void Gives_up_on_a_field_OTLP_does_not_declare_so_Google_Protobuf_keeps_it()
    {
        var value = WithUnknownField(Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(Otlp.NewTraceId()))));

        Assert.Null(_decoder.TryDecode(value));
    }

    [Fact]
    public void Gives_up_on_a_message_field_given_twice_which_protobuf_merges()
    {
        var first = Otlp.ResourceSpans("checkout", Otlp.Span(Otlp.NewTraceId())).ToByteArray();
        var secondResource = new ResourceSpans { Resource = new Resource { DroppedAttributesCount = 3 } }.ToByteArray();
        var value = Frame(1, [.. first, .. secondResource]);

        Assert.Null(_decoder.TryDecode(value));
    }

    [Fact]
    public void Gives_up_on_a_string_that_is_not_UTF8()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), name: "span-name-to-damage");
        var value = Otlp.Request(Otlp.ResourceSpans("checkout", span)).ToByteArray();
        value[value.AsSpan().IndexOf("span-name-to-damage"u8)] = 0xC3;

        Assert.Null(_decoder.TryDecode(value));
    }

    [Fact]
    public void Gives_up_on_values_nested_deeper_than_it_reads()
    {
        var value = new AnyValue { StringValue = "leaf" };
        for (var i = 0; i < 40; i++)
        {
            value = new AnyValue { ArrayValue = new ArrayValue { Values = { value } } };
        }

        var span = WithAttributes(Otlp.Span(Otlp.NewTraceId()), new KeyValue { Key = "deep", Value = value });

        Assert.Null(_decoder.TryDecode(Otlp.Request(Otlp.ResourceSpans("checkout", span)).ToByteArray()));
    }

    [Fact]
    public void Decodes_a_record_it_gives_up_on_through_Google_Protobuf_keeping_the_unknown_field()
    {
        var value = WithUnknownField(Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(Otlp.NewTraceId()))));

        Assert.True(new SpanRecordDecoder().TryDecode(null, value, out var request, out _));
        Assert.Equal(ExportTraceServiceRequest.Parser.ParseFrom(value), request);
        Assert.Equal(value, request.ToByteArray());
    }

    [Fact]
    public void Never_builds_a_message_that_differs_from_Google_Protobuf_on_damaged_bytes()
    {
        var original = EveryField().ToByteArray();
        var random = new Random(20261204);
        var decoded = 0;
        for (var i = 0; i < 3000; i++)
        {
            var value = (byte[])original.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                value[random.Next(value.Length)] = (byte)random.Next(256);
            }

            if (_decoder.TryDecode(value) is not { } fast)
            {
                continue;
            }

            decoded++;
            Assert.Equal(ExportTraceServiceRequest.Parser.ParseFrom(value), fast);
        }

        // Most single-byte damage lands in values the decoder reads as well as Google.Protobuf does.
        Assert.True(decoded > 500, $"only {decoded} of 3000 damaged records were decoded; the property was barely exercised");
    }

    private static ExportTraceServiceRequest EveryField()
    {
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, "GET /cart");
        var child = WithAttributes(
            Otlp.Span(trace, "SELECT carts", parent: root.SpanId),
            Otlp.Attr("db.statement", "SELECT * FROM carts WHERE id = 42 AND owner = 'someone with a long name'"),
            Otlp.Attr("retries", -3L),
            Otlp.Attr("ratio", 0.25),
            Otlp.Attr("cached", true),
            new KeyValue { Key = "payload", Value = new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) } },
            new KeyValue { Key = "empty" },
            new KeyValue
            {
                Key = "nested",
                Value = new AnyValue
                {
                    KvlistValue = new KeyValueList
                    {
                        Values =
                        {
                            Otlp.Attr("inner", "ü-non-ascii"),
                            new KeyValue { Key = "list", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 7 }, new AnyValue() } } } },
                        },
                    },
                },
            });
        child.TraceState = "vendor=abc";
        child.Flags = 0x301;
        child.Kind = Span.Types.SpanKind.Client;
        child.DroppedAttributesCount = 2;
        child.DroppedEventsCount = 4;
        child.DroppedLinksCount = 5;
        child.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "timeout" };
        child.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = 17, DroppedAttributesCount = 1, Attributes = { Otlp.Attr("exception.type", "Timeout") } });
        child.Links.Add(new Span.Types.Link
        {
            TraceId = Otlp.NewTraceId().Bytes,
            SpanId = Otlp.NewSpanId(),
            TraceState = "k=v",
            Flags = 1,
            DroppedAttributesCount = 6,
            Attributes = { Otlp.Attr("link.kind", "follows") },
        });

        var resourceSpans = Otlp.ResourceSpans("checkout", root, child);
        resourceSpans.SchemaUrl = "https://opentelemetry.io/schemas/1.26.0";
        resourceSpans.Resource.DroppedAttributesCount = 8;
        resourceSpans.Resource.EntityRefs.Add(new EntityRef { Type = "service", SchemaUrl = "s", IdKeys = { "service.name" }, DescriptionKeys = { "a", "b" } });
        var scope = resourceSpans.ScopeSpans[0];
        scope.SchemaUrl = "https://opentelemetry.io/schemas/1.25.0";
        scope.Scope.DroppedAttributesCount = 9;
        scope.Scope.Attributes.Add(Otlp.Attr("scope.attr", 1L));
        return Otlp.Request(resourceSpans, Otlp.ResourceSpans("checkout", Otlp.Span(trace, "second resource")));
    }

    private static Span WithAttributes(Span span, params KeyValue[] attributes)
    {
        span.Attributes.AddRange(attributes);
        return span;
    }

    /// <summary>The request's bytes followed by field 15, a varint field that ExportTraceServiceRequest does not declare.</summary>
    private static byte[] WithUnknownField(ExportTraceServiceRequest request) => [.. request.ToByteArray(), 15 << 3, 1];

    /// <summary>One length-delimited field holding <paramref name="content"/>.</summary>
    private static byte[] Frame(int field, byte[] content)
    {
        var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(field, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(content));
        output.Flush();
        return stream.ToArray();
    }
}
