using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>Schema limits (issue 3, item 3): small limits so each rule is easy to cross; one rule per test.</summary>
public sealed class SpanLimitsTests
{
    private static readonly SpanLimits Small = new()
    {
        MaxSpansPerRequest = 3,
        MaxAttributesPerSpan = 2,
        MaxAttributesPerResource = 2,
        MaxAttributesPerScope = 1,
        MaxAttributesPerEvent = 1,
        MaxAttributesPerLink = 1,
        MaxEventsPerSpan = 1,
        MaxLinksPerSpan = 1,
        MaxAttributeKeyLength = 12,
        MaxAttributeValueLength = 5,
        MaxSpanNameLength = 10,
    };

    private readonly SpanValidator _validator = new(Options.Create(Small), TimeProvider.System);

    [Fact]
    public void Rejects_spans_beyond_the_request_limit_and_keeps_the_first_ones()
    {
        var traceId = Otlp.NewTraceId();
        var request = RequestOf(Otlp.Span(traceId, "1"), Otlp.Span(traceId, "2"), Otlp.Span(traceId, "3"), Otlp.Span(traceId, "4"), Otlp.Span(traceId, "5"));

        var result = _validator.Validate(request);

        Assert.Equal((3, 2), (result.AcceptedSpans, result.RejectedSpans));
        Assert.Equal(["1", "2", "3"], request.AllSpans().ConvertAll(s => s.Name));
        Assert.Contains("MaxSpansPerRequest", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_span_with_too_many_attributes()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "crowded");
        span.Attributes.Add([Otlp.Attr("a", 1), Otlp.Attr("b", 2), Otlp.Attr("c", 3)]);

        AssertRejectedOnly(span, "MaxAttributesPerSpan");
    }

    [Fact]
    public void Rejects_span_with_too_many_events()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "chatty");
        span.Events.Add([new Span.Types.Event { Name = "e1" }, new Span.Types.Event { Name = "e2" }]);

        AssertRejectedOnly(span, "MaxEventsPerSpan");
    }

    [Fact]
    public void Rejects_span_with_too_many_links()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "linked");
        span.Links.Add([Link(), Link()]);

        AssertRejectedOnly(span, "MaxLinksPerSpan");
    }

    [Fact]
    public void Rejects_span_with_an_event_of_too_many_attributes()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "ev-attrs");
        span.Events.Add(new Span.Types.Event { Name = "e", Attributes = { Otlp.Attr("a", 1), Otlp.Attr("b", 2) } });

        AssertRejectedOnly(span, "MaxAttributesPerEvent");
    }

    [Fact]
    public void Rejects_span_with_a_link_of_too_many_attributes()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "link-attrs");
        var link = Link();
        link.Attributes.Add([Otlp.Attr("a", 1), Otlp.Attr("b", 2)]);
        span.Links.Add(link);

        AssertRejectedOnly(span, "MaxAttributesPerLink");
    }

    [Fact]
    public void Rejects_span_with_an_over_long_attribute_key_even_when_nested()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "long-key");
        var map = new KeyValueList { Values = { Otlp.Attr("much-too-long-key", "v") } };
        span.Attributes.Add(new KeyValue { Key = "map", Value = new AnyValue { KvlistValue = map } });

        AssertRejectedOnly(span, "MaxAttributeKeyLength");
    }

    [Fact]
    public void Rejects_span_with_an_over_long_name()
    {
        AssertRejectedOnly(Otlp.Span(Otlp.NewTraceId(), "eleven-char"), "MaxSpanNameLength");
    }

    [Fact]
    public void Rejects_every_span_under_a_resource_with_too_many_attributes()
    {
        var traceId = Otlp.NewTraceId();
        var crowded = Otlp.ResourceSpans("crowded", Otlp.Span(traceId), Otlp.Span(traceId));
        crowded.Resource.Attributes.Add([Otlp.Attr("a", 1), Otlp.Attr("b", 2)]);
        var request = Otlp.Request(crowded, Otlp.ResourceSpans("fine", Otlp.Span(traceId, "kept")));

        var result = _validator.Validate(request);

        Assert.Equal((1, 2), (result.AcceptedSpans, result.RejectedSpans));
        Assert.Equal(["kept"], request.AllSpans().ConvertAll(s => s.Name));
        Assert.Contains("MaxAttributesPerResource", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_every_span_under_a_scope_with_too_many_attributes()
    {
        var resource = Otlp.ResourceSpans("svc", Otlp.Span(Otlp.NewTraceId()));
        resource.ScopeSpans[0].Scope.Attributes.Add([Otlp.Attr("a", 1), Otlp.Attr("b", 2)]);

        var result = _validator.Validate(Otlp.Request(resource));

        Assert.Equal((0, 1), (result.AcceptedSpans, result.RejectedSpans));
        Assert.Contains("MaxAttributesPerScope", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncates_over_long_values_and_counts_them_in_the_marker_attribute()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "wordy");
        span.Attributes.Add(Otlp.Attr("text", "0123456789"));
        span.Events.Add(new Span.Types.Event { Name = "e", Attributes = { Otlp.Attr("bytes", "abcdefgh") } });
        var request = RequestOf(span);

        var result = _validator.Validate(request);

        Assert.Equal((1, 0), (result.AcceptedSpans, result.RejectedSpans));
        var kept = Assert.Single(request.AllSpans());
        Assert.Equal("01234", kept.Attributes[0].Value.StringValue);
        Assert.Equal("abcde", kept.Events[0].Attributes[0].Value.StringValue);
        Assert.Equal(2, Marker(kept.Attributes));
    }

    [Fact]
    public void Truncation_never_splits_a_surrogate_pair()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.Attributes.Add(Otlp.Attr("emoji", "abcd\U0001F600xyz"));
        var request = RequestOf(span);

        _validator.Validate(request);

        Assert.Equal("abcd", request.AllSpans()[0].Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Truncates_resource_values_and_marks_the_resource()
    {
        var resource = Otlp.ResourceSpans("a-very-long-service", Otlp.Span(Otlp.NewTraceId()));

        _validator.Validate(Otlp.Request(resource));

        Assert.Equal("a-ver", resource.Resource.Attributes[0].Value.StringValue);
        Assert.Equal(1, Marker(resource.Resource.Attributes));
    }

    [Fact]
    public void Replaces_a_marker_the_client_forged()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.Attributes.Add([Otlp.Attr(SpanLimits.TruncatedValuesAttribute, 99), Otlp.Attr("text", "0123456789")]);
        var request = RequestOf(span);

        new SpanValidator(Options.Create(new SpanLimits { MaxAttributeValueLength = 5 }), TimeProvider.System).Validate(request);

        Assert.Equal(1, Marker(request.AllSpans()[0].Attributes));
    }

    [Fact]
    public void Rejects_span_that_ended_before_the_maximum_age()
    {
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var validator = new SpanValidator(Options.Create(new SpanLimits { MaxSpanAge = TimeSpan.FromDays(1) }), clock);

        var result = validator.Validate(RequestOf(Otlp.Span(Otlp.NewTraceId(), "stale", start: clock.Now.AddDays(-2))));

        Assert.Equal(1, result.RejectedSpans);
        Assert.Contains("MaxSpanAge", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_span_that_ends_too_far_in_the_future()
    {
        var clock = new FixedClock(DateTimeOffset.UtcNow);
        var validator = new SpanValidator(Options.Create(new SpanLimits { MaxFutureSkew = TimeSpan.FromMinutes(5) }), clock);

        var result = validator.Validate(RequestOf(Otlp.Span(Otlp.NewTraceId(), "ahead", start: clock.Now.AddMinutes(10))));

        Assert.Equal(1, result.RejectedSpans);
        Assert.Contains("MaxFutureSkew", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_age_and_skew_turn_the_date_checks_off()
    {
        var validator = new SpanValidator(Options.Create(new SpanLimits { MaxSpanAge = TimeSpan.Zero, MaxFutureSkew = TimeSpan.Zero }), TimeProvider.System);

        var result = validator.Validate(RequestOf(Otlp.Span(Otlp.NewTraceId(), start: DateTimeOffset.UnixEpoch.AddDays(1)), Otlp.Span(Otlp.NewTraceId(), start: DateTimeOffset.UtcNow.AddYears(5))));

        Assert.Equal((2, 0), (result.AcceptedSpans, result.RejectedSpans));
    }

    [Fact]
    public void Message_counts_each_reason_with_an_example()
    {
        var traceId = Otlp.NewTraceId();
        var longName = Otlp.Span(traceId, "name-too-long");
        var crowded = Otlp.Span(traceId, "crowded");
        crowded.Attributes.Add([Otlp.Attr("a", 1), Otlp.Attr("b", 2), Otlp.Attr("c", 3)]);

        var result = _validator.Validate(RequestOf(Otlp.Span(traceId, "ok"), longName, crowded));

        Assert.Equal(
            "2 of 3 spans rejected: 1 with a name longer than 10 characters (e.g. span 'name-too-long' of 13; limit Collector:Limits:MaxSpanNameLength); "
            + "1 with more than 2 attributes (e.g. span 'crowded' has 3; limit Collector:Limits:MaxAttributesPerSpan).",
            result.ErrorMessage);
    }

    [Theory]
    [InlineData("MaxSpansPerRequest", "0")]
    [InlineData("MaxAttributeValueLength", "-1")]
    [InlineData("MaxSpanAge", "-01:00:00")]
    public void Invalid_limit_names_the_key(string key, string value)
    {
        var options = new SpanLimits();
        typeof(SpanLimits).GetProperty(key)!.SetValue(options, key == "MaxSpanAge" ? TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : int.Parse(value, System.Globalization.CultureInfo.InvariantCulture));

        var result = new SpanLimitsValidator().Validate(null, options);

        Assert.True(result.Failed);
        Assert.Contains($"Collector:Limits:{key}", result.FailureMessage, StringComparison.Ordinal);
    }

    private void AssertRejectedOnly(Span span, string limitKey)
    {
        var request = RequestOf(Otlp.Span(Otlp.NewTraceId(), "fine"), span);

        var result = _validator.Validate(request);

        Assert.Equal((1, 1), (result.AcceptedSpans, result.RejectedSpans));
        Assert.Equal(["fine"], request.AllSpans().ConvertAll(s => s.Name));
        Assert.Contains($"'{span.Name}'", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains(limitKey, result.ErrorMessage, StringComparison.Ordinal);
    }

    private static long Marker(IEnumerable<KeyValue> attributes) =>
        attributes.Single(a => a.Key == SpanLimits.TruncatedValuesAttribute).Value.IntValue;

    private static Span.Types.Link Link() => new() { TraceId = Otlp.NewTraceId().Bytes, SpanId = Otlp.NewSpanId() };

    private static ExportTraceServiceRequest RequestOf(params Span[] spans) => Otlp.Request(Otlp.ResourceSpans("svc", spans));
}
