using System.Globalization;
using Google.Protobuf;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Storage.Tests.Embedded;

/// <summary>
/// The writer's shortcuts produce exactly what the plain definitions do: a payload equal, byte for byte, to the
/// <see cref="ResourceSpans"/> Google.Protobuf writes, and pair hashes and tokens equal to hashing the
/// <see cref="AttributeText"/> form. Readers decode those payloads and compute query hashes the plain way.
/// </summary>
public sealed class StoredSpanEncodingBehaviour
{
    public static TheoryData<string> Shapes() => ["full", "no resource", "no scope", "no schema urls", "long span", "huge span"];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Payload_is_the_resource_spans_google_protobuf_writes(string shape)
    {
        var (resourceSpans, scopeSpans) = Source(shape);
        var encoder = new StoredSpanEncoder(resourceSpans, scopeSpans);

        foreach (var span in scopeSpans.Spans)
        {
            var expected = new ResourceSpans { Resource = resourceSpans.Resource, SchemaUrl = resourceSpans.SchemaUrl };
            var scope = new ScopeSpans { Scope = scopeSpans.Scope, SchemaUrl = scopeSpans.SchemaUrl };
            scope.Spans.Add(span);
            expected.ScopeSpans.Add(scope);

            var payload = encoder.Encode(span);

            Assert.Equal(expected.ToByteArray(), payload);
            Assert.Equal(expected, StoredSpan.Decode(payload));
        }
    }

    public static TheoryData<AnyValue> Values() =>
    [
        new AnyValue(),
        new AnyValue { StringValue = "" },
        new AnyValue { StringValue = "GET /checkout" },
        new AnyValue { BoolValue = true },
        new AnyValue { BoolValue = false },
        new AnyValue { IntValue = 0 },
        new AnyValue { IntValue = 500 },
        new AnyValue { IntValue = -42 },
        new AnyValue { IntValue = long.MinValue },
        new AnyValue { IntValue = long.MaxValue },
        new AnyValue { DoubleValue = 72.5 },
        new AnyValue { DoubleValue = 0.1 },
        new AnyValue { DoubleValue = -0.0 },
        new AnyValue { DoubleValue = double.MaxValue },
        new AnyValue { DoubleValue = double.Epsilon },
        new AnyValue { DoubleValue = -1.2345678901234567e-300 },
        new AnyValue { DoubleValue = double.NaN },
        new AnyValue { DoubleValue = double.NegativeInfinity },
        new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) },
        new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { IntValue = 1 }, new AnyValue { StringValue = "a" } } } },
        new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "k", Value = new AnyValue { DoubleValue = 2.5 } } } } },
        new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "unset" }, new KeyValue { Key = "empty", Value = new AnyValue() } } } },
        new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue(), new AnyValue { IntValue = 1 } } } },
    ];

    [Fact]
    public void Text_of_a_map_or_array_is_json_with_null_for_a_missing_or_empty_value()
    {
        var map = new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "unset" }, new KeyValue { Key = "n", Value = new AnyValue { IntValue = 1 } } } } };
        var array = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue(), new AnyValue { StringValue = "a" } } } };

        Assert.Equal("""{"unset":null,"n":1}""", AttributeText.Format(map));
        Assert.Equal("""[null,"a"]""", AttributeText.Format(array));
    }

    [Theory]
    [MemberData(nameof(Values))]
    public void Pair_hash_of_an_attribute_is_the_hash_of_its_text(AnyValue value)
    {
        var attribute = new KeyValue { Key = "http.response.status_code", Value = value };

        Assert.Equal(AttributePairHash.Of(attribute.Key, AttributeText.Format(value)), AttributePairHash.Of(attribute));
    }

    [Fact]
    public void Pair_hash_of_an_attribute_without_a_value_is_the_hash_of_empty_text()
    {
        var attribute = new KeyValue { Key = "empty" };

        Assert.Equal(AttributePairHash.Of("empty", ""), AttributePairHash.Of(attribute));
    }

    [Theory]
    [InlineData(0UL)]
    [InlineData(1UL)]
    [InlineData(0xfedcba9876543210UL)]
    [InlineData(ulong.MaxValue)]
    public void Token_is_the_hash_in_sixteen_lowercase_hex_digits(ulong hash)
    {
        var token = new char[AttributePairHash.TokenLength];

        AttributePairHash.WriteToken(hash, token);

        Assert.Equal(hash.ToString("x16", CultureInfo.InvariantCulture), new string(token));
    }

    private static (ResourceSpans, ScopeSpans) Source(string shape)
    {
        var resourceSpans = new ResourceSpans
        {
            Resource = new Resource { Attributes = { Pair("service.name", "checkout"), Pair("host.name", "node-7") } },
            SchemaUrl = "https://opentelemetry.io/schemas/1.26.0",
        };
        var scopeSpans = new ScopeSpans
        {
            Scope = new InstrumentationScope { Name = "io.opentelemetry.http", Version = "2.1", Attributes = { Pair("scope.kind", "server") } },
            SchemaUrl = "https://opentelemetry.io/schemas/1.24.0",
        };
        var attributes = shape switch
        {
            "long span" => 20,
            "huge span" => 400,
            _ => 2,
        };
        for (var s = 0; s < 3; s++)
        {
            var span = new Span
            {
                TraceId = ByteString.CopyFrom(Enumerable.Range(1, 16).Select(b => (byte)b).ToArray()),
                SpanId = ByteString.CopyFrom(Enumerable.Range(s + 1, 8).Select(b => (byte)b).ToArray()),
                Name = "span " + s,
                StartTimeUnixNano = 1_700_000_000_000_000_000UL + (ulong)s,
                EndTimeUnixNano = 1_700_000_000_500_000_000UL,
                Events = { new Span.Types.Event { Name = "retry", Attributes = { Pair("attempt", "2") } } },
            };
            for (var a = 0; a < attributes; a++)
            {
                span.Attributes.Add(Pair("attribute." + a, new string('v', 10 + a)));
            }

            scopeSpans.Spans.Add(span);
        }

        switch (shape)
        {
            case "no resource":
                resourceSpans.Resource = null;
                break;
            case "no scope":
                scopeSpans.Scope = null;
                break;
            case "no schema urls":
                resourceSpans.SchemaUrl = "";
                scopeSpans.SchemaUrl = "";
                break;
        }

        return (resourceSpans, scopeSpans);
    }

    private static KeyValue Pair(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
