using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using Google.Protobuf;
using Jaeger.Streaming.Schemas.Otlp;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// Issue 3's fuzzing: thousands of mutated valid OTLP bodies never get a 5xx, and the collector answers a valid
/// request afterwards. Mutations are drawn from an FsCheck-generated seed so a failure names a reproducible case.
/// </summary>
public sealed class FuzzTests(CollectorFixture fixture) : IClassFixture<CollectorFixture>
{
    private const int Cases = 1500;
    private const int CompressedCases = 2000;

    [Fact]
    public async Task Mutated_protobuf_bodies_never_get_a_5xx()
    {
        NeverA5xx(Rich().ToByteArray(), "application/x-protobuf");

        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Mutated_json_bodies_never_get_a_5xx()
    {
        NeverA5xx(Encoding.UTF8.GetBytes(OtlpJson.ToJsonNode(Rich()).ToJsonString()), "application/json");

        await AssertStillServingAsync();
    }

    /// <summary>Damaged compressed bodies reach each decoder's error paths: every one is the client's error, never the collector's.</summary>
    [Theory]
    [MemberData(nameof(Compression.Encodings), MemberType = typeof(Compression))]
    public async Task Mutated_compressed_bodies_never_get_a_5xx(string encoding)
    {
        NeverA5xx(Compression.Compress(encoding, Rich().ToByteArray()), "application/x-protobuf", encoding, CompressedCases);

        await AssertStillServingAsync();
    }

    private void NeverA5xx(byte[] seed, string contentType, string? encoding = null, int cases = Cases)
    {
        var bodies = Gen.Choose(0, int.MaxValue).Select(s => BodyMutations.Mutate(seed, new Random(s))).ToArbitrary();
        var property = Prop.ForAll(bodies, body =>
        {
            using var response = fixture.Collector.PostAsync(body, contentType, encoding).GetAwaiter().GetResult();
            return (int)response.StatusCode < 500;
        });

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(cases), property);
    }

    private async Task AssertStillServingAsync()
    {
        using var response = await fixture.Collector.PostProtobufAsync(Rich());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    /// <summary>A request using most of OTLP's shapes, so mutations reach deep fields.</summary>
    private static ExportTraceServiceRequest Rich()
    {
        var traceId = Otlp.NewTraceId();
        var span = Otlp.Span(traceId, "rich");
        span.Attributes.Add([Otlp.Attr("s", "text"), Otlp.Attr("i", 42), Otlp.Attr("d", 1.5), Otlp.Attr("b", true)]);
        span.Attributes.Add(new KeyValue
        {
            Key = "nested",
            Value = new AnyValue
            {
                KvlistValue = new KeyValueList { Values = { Otlp.Attr("k", "v"), new KeyValue { Key = "a", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "x" }, new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) } } } } } } },
            },
        });
        span.Events.Add(new Span.Types.Event { Name = "event", TimeUnixNano = span.StartTimeUnixNano, Attributes = { Otlp.Attr("e", "v") } });
        span.Links.Add(new Span.Types.Link { TraceId = Otlp.NewTraceId().Bytes, SpanId = Otlp.NewSpanId(), Attributes = { Otlp.Attr("l", 1) } });
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "boom" };
        return Otlp.Request(Otlp.ResourceSpans("fuzz", span, Otlp.Span(traceId, "plain")));
    }
}
