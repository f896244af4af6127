using Google.Protobuf;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Collector.Wire;
using Jaeger.Streaming.Schemas.Otlp.Wire;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests.Wire;

/// <summary>
/// The scan calls a request clean only when the model path would reject and change nothing; whatever it is not sure
/// of, including anything malformed, it leaves to the model path, and it never throws or reads out of range.
/// </summary>
public sealed class CleanRequestScannerTests
{
    // As long as "service.name", the shortest key limit a named resource passes.
    private const int Limit = 12;

    private static readonly SpanLimits SmallLimits = new()
    {
        MaxSpansPerRequest = 2,
        MaxAttributesPerSpan = 2,
        MaxAttributesPerResource = 2,
        MaxAttributesPerScope = 2,
        MaxAttributesPerEvent = 2,
        MaxAttributesPerLink = 2,
        MaxEventsPerSpan = 2,
        MaxLinksPerSpan = 2,
        MaxAttributeKeyLength = Limit,
        MaxAttributeValueLength = Limit,
        MaxSpanNameLength = Limit,
        MaxSpanAge = TimeSpan.FromDays(1),
        MaxFutureSkew = TimeSpan.FromHours(1),
    };

    private readonly WirePaths _paths = new(SmallLimits);

    public static TheoryData<string> Defects => [.. Enum.GetNames<SpanDefect>().Where(d => d != nameof(SpanDefect.None))];

    [Theory]
    [MemberData(nameof(Defects))]
    public void A_span_the_validator_rejects_makes_the_request_not_clean(string defectName)
    {
        var defect = Enum.Parse<SpanDefect>(defectName);
        var (request, allowed) = RequestWith(defect);
        var body = request.ToByteArray();

        Assert.Null(_paths.Scan(body, allowed));
        Assert.Equal(1, _paths.Validator.Validate(request, allowed).Rejections?.CountOf(defect));
    }

    [Theory]
    [InlineData("span")]
    [InlineData("event")]
    [InlineData("link")]
    [InlineData("scope")]
    [InlineData("resource")]
    [InlineData("array")]
    [InlineData("map")]
    [InlineData("bytes")]
    public void A_value_the_validator_would_truncate_makes_the_request_not_clean(string where)
    {
        var request = At(where, new string('v', Limit + 1));
        var body = request.ToByteArray();

        Assert.Null(_paths.Scan(body));
        Assert.NotEqual(request, Validated(request));
    }

    [Fact]
    public void Names_keys_values_and_counts_exactly_at_their_limits_are_clean()
    {
        var span = Span(new string('n', Limit));
        span.Attributes.Add([Otlp.Attr(new string('k', Limit), new string('v', Limit)), new KeyValue { Key = "b", Value = new AnyValue { BytesValue = ByteString.CopyFrom(new byte[Limit]) } }]);
        span.Events.Add([new Span.Types.Event { Name = "e" }, new Span.Types.Event { Name = "e" }]);
        var request = Otlp.Request(Otlp.ResourceSpans("svc", span, Span("second")));

        Assert.True(_paths.AssertCleanMeansModelAgrees(request.ToByteArray()));
    }

    [Fact]
    public void Multi_byte_text_within_the_limit_in_bytes_is_clean()
    {
        var request = Otlp.Request(Otlp.ResourceSpans("svc", Span("éé😀")));

        Assert.True(_paths.AssertCleanMeansModelAgrees(request.ToByteArray()));
    }

    [Theory]
    [InlineData("name")]
    [InlineData("key")]
    [InlineData("value")]
    public void Text_over_the_limit_in_bytes_but_not_in_characters_is_left_to_the_model_path(string what)
    {
        var text = new string('é', (Limit / 2) + 1);
        var span = Span(what == "name" ? text : "op");
        span.Attributes.Add(what == "key" ? Otlp.Attr(text, "v") : Otlp.Attr("k", text));
        var request = Otlp.Request(Otlp.ResourceSpans("svc", span));

        Assert.Null(_paths.Scan(request.ToByteArray()));
        Assert.Equal(request, Validated(request));
    }

    [Fact]
    public void Invalid_utf8_in_a_string_field_is_not_clean()
    {
        byte[] span = [.. WireBytes.ValidSpan(), .. WireBytes.Field(OtlpFields.Span.TraceState, [0xC3, 0x28])];

        Assert.Null(_paths.Scan(WireBytes.RequestWithSpan(span)));
    }

    [Fact]
    public void Values_nested_deeper_than_the_scan_follows_are_left_to_the_model_path()
    {
        var value = new AnyValue { StringValue = "deep" };
        for (var i = 0; i <= CleanRequestScanner.MaxValueDepth; i++)
        {
            value = new AnyValue { ArrayValue = new ArrayValue { Values = { value } } };
        }

        var span = Span("op");
        span.Attributes.Add(new KeyValue { Key = "k", Value = value });
        var request = Otlp.Request(Otlp.ResourceSpans("svc", span));

        Assert.Null(_paths.Scan(request.ToByteArray()));
        Assert.Equal(request, Validated(request));
    }

    [Fact]
    public void Values_nested_as_deep_as_the_scan_follows_are_clean()
    {
        var value = new AnyValue { StringValue = "deep" };
        for (var i = 0; i < CleanRequestScanner.MaxValueDepth; i++)
        {
            value = i % 2 == 0
                ? new AnyValue { ArrayValue = new ArrayValue { Values = { value } } }
                : new AnyValue { KvlistValue = new KeyValueList { Values = { new KeyValue { Key = "k", Value = value } } } };
        }

        var span = Span("op");
        span.Attributes.Add(new KeyValue { Key = "k", Value = value });

        Assert.True(_paths.AssertCleanMeansModelAgrees(Otlp.Request(Otlp.ResourceSpans("svc", span)).ToByteArray()));
    }

    [Fact]
    public void A_request_without_spans_is_clean_with_nothing_to_publish()
    {
        var scanned = _paths.Scan([]);

        Assert.NotNull(scanned);
        Assert.Empty(scanned.Traces);
    }

    public static TheoryData<string, byte[]> Unusual => new()
    {
        { "a repeated trace_id", [.. WireBytes.ValidSpan(), .. WireBytes.Field(OtlpFields.Span.TraceId, [.. Enumerable.Repeat((byte)7, 16)])] },
        { "a repeated name", [.. WireBytes.ValidSpan(), .. WireBytes.Field(OtlpFields.Span.Name, "again"u8.ToArray())] },
        { "two values in one AnyValue", [.. WireBytes.ValidSpan(), .. WireBytes.Field(OtlpFields.Span.Attributes, WireBytes.Field(OtlpFields.KeyValue.Value, WireBytes.Field(1, "a"u8.ToArray()), WireBytes.Tag(3, WireBytes.Varint), [1]))] },
        { "a trace_id encoded as a varint", [.. WireBytes.ValidSpan(), .. WireBytes.Tag(OtlpFields.Span.TraceId, WireBytes.Varint), 1] },
        { "a group", [.. WireBytes.ValidSpan(), .. WireBytes.Tag(99, WireBytes.StartGroup), .. WireBytes.Tag(99, 4)] },
        { "field number 0", [.. WireBytes.ValidSpan(), .. WireBytes.Tag(0, WireBytes.Varint), 1] },
        { "wire type 7", [.. WireBytes.ValidSpan(), 0x0F, 1] },
        { "an eleven-byte varint", [.. WireBytes.ValidSpan(), .. WireBytes.Tag(99, WireBytes.Varint), .. Enumerable.Repeat((byte)0xFF, 10), 1] },
        { "a length past the end of the span", [.. WireBytes.ValidSpan(), .. WireBytes.Tag(99, WireBytes.LengthDelimited), 50, 1, 2] },
        { "a fixed64 cut short", [.. WireBytes.ValidSpan(), .. WireBytes.Tag(99, 1), 1, 2, 3] },
    };

    [Theory]
    [MemberData(nameof(Unusual))]
    public void Unusual_or_malformed_encoding_is_not_clean(string what, byte[] span)
    {
        Assert.True(_paths.Scan(WireBytes.RequestWithSpan(span)) is null, what);
    }

    [Fact]
    public void Unknown_fields_of_every_wire_type_are_kept()
    {
        byte[] unknown = [.. WireBytes.Tag(99, WireBytes.Varint), 5, .. WireBytes.Tag(98, 1), 1, 2, 3, 4, 5, 6, 7, 8, .. WireBytes.Tag(97, 5), 1, 2, 3, 4, .. WireBytes.Field(96, [1, 2])];
        var body = WireBytes.RequestWithSpan([.. WireBytes.ValidSpan(), .. unknown]);

        Assert.True(_paths.AssertCleanMeansModelAgrees(body));
    }

    [Fact]
    public void A_body_cut_anywhere_never_throws_and_is_clean_only_when_the_model_path_agrees()
    {
        for (var seed = 0; seed < 10; seed++)
        {
            var body = new GeneratedRequests(seed).Varied().ToByteArray();
            for (var length = 0; length < body.Length; length++)
            {
                _paths.AssertCleanMeansModelAgrees(body[..length]);
            }
        }
    }

    [Fact]
    public void Random_edits_never_throw_and_leave_a_body_clean_only_when_the_model_path_agrees()
    {
        var random = new Random(3);
        for (var i = 0; i < 3000; i++)
        {
            var body = BodyMutations.Mutate(new GeneratedRequests(i % 50).Varied().ToByteArray(), random);
            try
            {
                _paths.AssertCleanMeansModelAgrees(body);
            }
            catch (InvalidProtocolBufferException e)
            {
                Assert.Fail($"edit {i}: the scan called clean a body protobuf cannot parse: {e.Message}");
            }
        }
    }

    private (ExportTraceServiceRequest Request, IReadOnlySet<string>? Allowed) RequestWith(SpanDefect defect)
    {
        var span = Span("op");
        var resourceSpans = Otlp.ResourceSpans("svc", span);
        var now = GeneratedRequests.Now;
        var many = Enumerable.Range(0, 3).Select(i => Otlp.Attr("k" + i, "v")).ToArray();
        switch (defect)
        {
            case SpanDefect.ZeroTraceId:
                span.TraceId = ByteString.CopyFrom(new byte[16]);
                break;
            case SpanDefect.TraceIdLength:
                span.TraceId = ByteString.CopyFrom(1, 2, 3);
                break;
            case SpanDefect.ZeroSpanId:
                span.SpanId = ByteString.CopyFrom(new byte[8]);
                break;
            case SpanDefect.SpanIdLength:
                span.SpanId = ByteString.CopyFrom(1, 2, 3);
                break;
            case SpanDefect.EndBeforeStart:
                span.EndTimeUnixNano = span.StartTimeUnixNano - 1;
                break;
            case SpanDefect.NameTooLong:
                span.Name = new string('n', Limit + 1);
                break;
            case SpanDefect.TooOld:
                (span.StartTimeUnixNano, span.EndTimeUnixNano) = (Otlp.ToUnixNanos(now.AddDays(-2)), Otlp.ToUnixNanos(now.AddDays(-2)));
                break;
            case SpanDefect.InFuture:
                span.EndTimeUnixNano = Otlp.ToUnixNanos(now.AddHours(2));
                break;
            case SpanDefect.TooManyAttributes:
                span.Attributes.Add(many);
                break;
            case SpanDefect.TooManyEvents:
                span.Events.Add(Enumerable.Range(0, 3).Select(_ => new Span.Types.Event { Name = "e" }));
                break;
            case SpanDefect.TooManyLinks:
                span.Links.Add(Enumerable.Range(0, 3).Select(_ => new Span.Types.Link { TraceId = Otlp.NewTraceId().Bytes, SpanId = Otlp.NewSpanId() }));
                break;
            case SpanDefect.TooManyEventAttributes:
                span.Events.Add(new Span.Types.Event { Name = "e", Attributes = { many } });
                break;
            case SpanDefect.TooManyLinkAttributes:
                span.Links.Add(new Span.Types.Link { TraceId = Otlp.NewTraceId().Bytes, SpanId = Otlp.NewSpanId(), Attributes = { many } });
                break;
            case SpanDefect.KeyTooLong:
                span.Attributes.Add(new KeyValue { Key = "k", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { Otlp.Attr(new string('k', Limit + 1), "v") } } } });
                break;
            case SpanDefect.TooManyResourceAttributes:
                resourceSpans.Resource.Attributes.Add(many);
                break;
            case SpanDefect.TooManyScopeAttributes:
                resourceSpans.ScopeSpans[0].Scope.Attributes.Add(many);
                break;
            case SpanDefect.BeyondRequestLimit:
                resourceSpans.ScopeSpans[0].Spans.Add([Span("b"), Span("c")]);
                break;
            case SpanDefect.ServiceNotAllowed:
                return (Otlp.Request(resourceSpans), new HashSet<string> { "another" });
        }

        return (Otlp.Request(resourceSpans), null);
    }

    /// <summary>A request whose only over-long value is <paramref name="value"/>, placed <paramref name="where"/>.</summary>
    private static ExportTraceServiceRequest At(string where, string value)
    {
        var span = Span("op");
        var resourceSpans = Otlp.ResourceSpans("svc", span);
        var attribute = Otlp.Attr("k", value);
        switch (where)
        {
            case "span":
                span.Attributes.Add(attribute);
                break;
            case "event":
                span.Events.Add(new Span.Types.Event { Name = "e", Attributes = { attribute } });
                break;
            case "link":
                span.Links.Add(new Span.Types.Link { TraceId = Otlp.NewTraceId().Bytes, SpanId = Otlp.NewSpanId(), Attributes = { attribute } });
                break;
            case "scope":
                resourceSpans.ScopeSpans[0].Scope.Attributes.Add(attribute);
                break;
            case "resource":
                resourceSpans.Resource.Attributes.Add(attribute);
                break;
            case "array":
                span.Attributes.Add(new KeyValue { Key = "k", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { attribute.Value } } } });
                break;
            case "map":
                span.Attributes.Add(new KeyValue { Key = "k", Value = new AnyValue { KvlistValue = new KeyValueList { Values = { attribute } } } });
                break;
            default:
                span.Attributes.Add(new KeyValue { Key = "k", Value = new AnyValue { BytesValue = ByteString.CopyFrom(new byte[Limit + 1]) } });
                break;
        }

        return Otlp.Request(resourceSpans);
    }

    private ExportTraceServiceRequest Validated(ExportTraceServiceRequest request)
    {
        var copy = request.Clone();
        Assert.Equal(0, _paths.Validator.Validate(copy).RejectedSpans);
        return copy;
    }

    private static Span Span(string name) => Otlp.Span(Otlp.NewTraceId(), name, GeneratedRequests.Now.AddMinutes(-1));
}
