using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Jaeger.Streaming.Query.Api.V3;
using Jaeger.Streaming.Schemas.Otlp;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.AspNetCore.Http;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Tests.Api;

/// <summary>
/// The v3 traces answer is written straight to the response; it must stay byte for byte the protobuf JSON mapping
/// with hex ids (<see cref="OtlpJson"/>) that clients parse.
/// </summary>
public sealed class V3TracesResultTests
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    [Fact]
    public async Task Answer_pins_hex_ids_string_int64_and_integer_enums()
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString("0102030405060708090a0b0c0d0e0f10")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("a1a2a3a4a5a6a7a8")),
            Name = "GET /cart",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = 1740823200000000000,
            EndTimeUnixNano = 1740823200001500000,
            Attributes = { new KeyValue { Key = "http.response.status_code", Value = new AnyValue { IntValue = 200 } } },
            Status = new Status { Code = Status.Types.StatusCode.Error },
        };
        var trace = Traces(new ResourceSpans
        {
            Resource = new Resource { Attributes = { new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = "checkout" } } } },
            ScopeSpans = { new ScopeSpans { Spans = { span } } },
        });

        var body = await AnswerAsync([new ScopedTrace(trace, 0)], withheldSpans: 0);

        Assert.Equal(
            """{"result":{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"scopeSpans":[{"spans":[{"traceId":"0102030405060708090a0b0c0d0e0f10","spanId":"a1a2a3a4a5a6a7a8","name":"GET /cart","kind":2,"startTimeUnixNano":"1740823200000000000","endTimeUnixNano":"1740823200001500000","attributes":[{"key":"http.response.status_code","value":{"intValue":"200"}}],"status":{"code":2}}]}]}]}}""",
            body);
    }

    [Fact]
    public async Task Every_otlp_field_is_written_as_the_protobuf_json_mapping_writes_it()
    {
        var trace = Traces(Rich("checkout"));
        Assert.Empty(FieldsNeverSet(trace));

        var body = await AnswerAsync([new ScopedTrace(trace, 0)], withheldSpans: 0);

        Assert.Equal(Reference(trace, withheldSpans: 0), body);
    }

    [Fact]
    public async Task Traces_are_merged_into_one_traces_data_with_the_withheld_count_after_it()
    {
        var first = Traces(Rich("checkout"));
        var second = Traces(Rich("payment"), Rich("ledger"));
        var merged = new TracesData { ResourceSpans = { first.ResourceSpans, second.ResourceSpans } };

        var body = await AnswerAsync([new ScopedTrace(first, 2), new ScopedTrace(second, 1)], withheldSpans: 3);

        Assert.Equal(Reference(merged, withheldSpans: 3), body);
        Assert.EndsWith(""","withheldSpans":3}""", body);
    }

    /// <summary>What the answer was before it was streamed: the formatted message as a node tree, through <c>Results.Json</c>.</summary>
    private static string Reference(TracesData traces, int withheldSpans)
    {
        var body = new JsonObject { ["result"] = OtlpJson.ToJsonNode(traces) };
        if (withheldSpans > 0)
        {
            body["withheldSpans"] = withheldSpans;
        }

        return JsonSerializer.Serialize(body, Web);
    }

    private static async Task<string> AnswerAsync(IReadOnlyList<ScopedTrace> traces, int withheldSpans)
    {
        var context = new DefaultHttpContext();
        using var body = new MemoryStream();
        context.Response.Body = body;

        await new V3TracesResult(traces, withheldSpans).ExecuteAsync(context);

        Assert.Equal("application/json; charset=utf-8", context.Response.ContentType);
        return Encoding.UTF8.GetString(body.ToArray());
    }

    private static TracesData Traces(params ResourceSpans[] resourceSpans) => new() { ResourceSpans = { resourceSpans } };

    /// <summary>Every field of every OTLP message set at least once, with the values whose encoding is easy to get wrong.</summary>
    private static ResourceSpans Rich(string service)
    {
        var traceId = ByteString.CopyFrom(Convert.FromHexString("00f067aa0ba902b7deadbeef00000001"));
        KeyValue Attr(string key, AnyValue value) => new() { Key = key, Value = value };
        var values = new[]
        {
            Attr("text", new AnyValue { StringValue = "quote \" slash \\ tab \t nl \n <tag> & 'apos' é 中 😀 \u2028 \u0001" }),
            Attr("empty.text", new AnyValue { StringValue = "" }),
            Attr("yes", new AnyValue { BoolValue = true }),
            Attr("no", new AnyValue { BoolValue = false }),
            Attr("zero", new AnyValue { IntValue = 0 }),
            Attr("min", new AnyValue { IntValue = long.MinValue }),
            Attr("max", new AnyValue { IntValue = long.MaxValue }),
            Attr("tenth", new AnyValue { DoubleValue = 0.1 }),
            Attr("whole", new AnyValue { DoubleValue = 72.0 }),
            Attr("huge", new AnyValue { DoubleValue = 1e20 }),
            Attr("tiny", new AnyValue { DoubleValue = -1.5e-7 }),
            Attr("negative.zero", new AnyValue { DoubleValue = -0.0 }),
            Attr("double.zero", new AnyValue { DoubleValue = 0 }),
            Attr("nan", new AnyValue { DoubleValue = double.NaN }),
            Attr("infinity", new AnyValue { DoubleValue = double.PositiveInfinity }),
            Attr("minus.infinity", new AnyValue { DoubleValue = double.NegativeInfinity }),
            Attr("bytes", new AnyValue { BytesValue = ByteString.CopyFrom(0, 1, 0xfe, 0xff) }),
            Attr("empty.bytes", new AnyValue { BytesValue = ByteString.Empty }),
            Attr("array", new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = 7 }, new AnyValue() } } }),
            Attr("empty.array", new AnyValue { ArrayValue = new ArrayValue() }),
            Attr("map", new AnyValue { KvlistValue = new KeyValueList { Values = { Attr("inner", new AnyValue { BoolValue = true }), new KeyValue { Key = "no.value" } } } }),
            Attr("empty.map", new AnyValue { KvlistValue = new KeyValueList() }),
            Attr("unset", new AnyValue()),
        };
        var full = new Span
        {
            TraceId = traceId,
            SpanId = ByteString.CopyFrom(Convert.FromHexString("0000000000000001")),
            TraceState = "rojo=00f067aa0ba902b7",
            ParentSpanId = ByteString.CopyFrom(Convert.FromHexString("ffffffffffffffff")),
            Flags = 0x301,
            Name = "checkout ✓",
            Kind = Span.Types.SpanKind.Consumer,
            StartTimeUnixNano = ulong.MaxValue,
            EndTimeUnixNano = 1,
            Attributes = { values },
            DroppedAttributesCount = uint.MaxValue,
            Events =
            {
                new Span.Types.Event { TimeUnixNano = 1740823200000000001, Name = "exception", Attributes = { values[0] }, DroppedAttributesCount = 2 },
                new Span.Types.Event(),
            },
            DroppedEventsCount = 3,
            Links =
            {
                new Span.Types.Link { TraceId = traceId, SpanId = ByteString.CopyFrom(Convert.FromHexString("0a0b0c0d0e0f0102")), TraceState = "a=b", Attributes = { values[1] }, DroppedAttributesCount = 4, Flags = 0x100 },
                new Span.Types.Link(),
            },
            DroppedLinksCount = 5,
            Status = new Status { Message = "card declined", Code = Status.Types.StatusCode.Ok },
        };

        // Defaults everywhere: only the set message fields appear, as empty objects.
        var bare = new Span { Status = new Status(), Kind = (Span.Types.SpanKind)42 };
        return new ResourceSpans
        {
            Resource = new Resource
            {
                Attributes = { Attr("service.name", new AnyValue { StringValue = service }) },
                DroppedAttributesCount = 6,
                EntityRefs =
                {
                    new EntityRef { SchemaUrl = "https://opentelemetry.io/schemas/1.30.0", Type = "service", IdKeys = { "service.name", "service.namespace" }, DescriptionKeys = { "service.version" } },
                    new EntityRef(),
                },
            },
            ScopeSpans =
            {
                new ScopeSpans
                {
                    Scope = new InstrumentationScope { Name = "io.opentelemetry.http", Version = "1.2.3", Attributes = { values[2] }, DroppedAttributesCount = 7 },
                    Spans = { full, bare },
                    SchemaUrl = "https://opentelemetry.io/schemas/1.29.0",
                },
                new ScopeSpans { Scope = new InstrumentationScope() },
                new ScopeSpans(),
            },
            SchemaUrl = "https://opentelemetry.io/schemas/1.28.0",
        };
    }

    /// <summary>Fields of the OTLP messages that <paramref name="message"/> never sets: a new proto field must join <see cref="Rich"/>.</summary>
    private static List<string> FieldsNeverSet(IMessage message)
    {
        var all = new HashSet<string>();
        var set = new HashSet<string>();
        Visit(message, all, set);
        all.ExceptWith(set);
        return [.. all.Order()];
    }

    private static void Visit(IMessage message, HashSet<string> all, HashSet<string> set)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var name = $"{message.Descriptor.FullName}.{field.Name}";
            all.Add(name);
            var value = field.Accessor.GetValue(message);
            if (field.IsRepeated)
            {
                var items = (System.Collections.IList)value;
                if (items.Count > 0)
                {
                    set.Add(name);
                }

                foreach (var item in items)
                {
                    if (item is IMessage child)
                    {
                        Visit(child, all, set);
                    }
                }
            }
            else if (field.FieldType == FieldType.Message)
            {
                if (value is IMessage child)
                {
                    set.Add(name);
                    Visit(child, all, set);
                }
            }
            else if (field.ContainingOneof is not null ? field.Accessor.HasValue(message) : !IsDefault(value))
            {
                set.Add(name);
            }
        }
    }

    private static bool IsDefault(object value) => value switch
    {
        string text => text.Length == 0,
        ByteString bytes => bytes.IsEmpty,
        bool flag => !flag,
        _ => Convert.ToDecimal(value, System.Globalization.CultureInfo.InvariantCulture) == 0,
    };
}
