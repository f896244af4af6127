using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Redaction.Tests;

public sealed class SummaryTests
{
    private static Span RedactedSpan(Ingester.Redaction.SpanRedactor? redactor = null)
    {
        var span = Redact.SpanWith(
            Otlp.Attr("to", "a@example.com"),
            Otlp.Attr("cc", "b@example.com"),
            Otlp.Attr("card", "4111 1111 1111 1111"),
            Otlp.Attr("password", "hunter2"),
            Otlp.Attr("http.route", "/orders"));
        (redactor ?? Redact.Redactor()).Redact([Otlp.ResourceSpans("shop", span)]);
        return span;
    }

    [Fact]
    public void Counts_redactions_on_the_span()
    {
        var span = RedactedSpan();

        Assert.Equal(4, Redact.Find(span.Attributes, "redaction.count")!.Value.IntValue);
    }

    [Fact]
    public void Lists_counts_by_detector()
    {
        var span = RedactedSpan();

        Assert.Equal("email:2,card:1,key:1", Redact.Find(span.Attributes, "redaction.detectors")!.Value.StringValue);
    }

    [Fact]
    public void Lists_redacted_keys_only_when_configured()
    {
        Assert.Null(Redact.Find(RedactedSpan().Attributes, "redaction.keys"));

        var span = RedactedSpan(Redact.Redactor(options => options.SummaryIncludesKeys = true));

        Assert.Equal("to,cc,card,password", Redact.Find(span.Attributes, "redaction.keys")!.Value.StringValue);
    }

    [Fact]
    public void Never_echoes_a_redacted_value()
    {
        var span = RedactedSpan(Redact.Redactor(options => options.SummaryIncludesKeys = true));

        var text = span.ToString();
        Assert.DoesNotContain("example.com", text);
        Assert.DoesNotContain("4111", text);
        Assert.DoesNotContain("hunter2", text);
    }

    [Fact]
    public void Leaves_spans_with_nothing_redacted_without_a_summary()
    {
        var span = Redact.SpanWith(Otlp.Attr("http.route", "/orders"));

        Redact.Redactor().Redact([Otlp.ResourceSpans("shop", span)]);

        Assert.Single(span.Attributes);
    }

    [Fact]
    public void Replaces_a_summary_the_client_sent()
    {
        var span = Redact.SpanWith(Otlp.Attr("redaction.count", 0), Otlp.Attr("to", "a@example.com"));

        Redact.Redactor().Redact([Otlp.ResourceSpans("shop", span)]);

        Assert.Equal(1, Redact.Find(span.Attributes, "redaction.count")!.Value.IntValue);
        Assert.Single(span.Attributes, attribute => attribute.Key == "redaction.count");
    }

    [Fact]
    public void Puts_the_summary_of_resource_redactions_on_the_resource()
    {
        var resourceSpans = Otlp.ResourceSpans("shop", Redact.SpanWith());
        resourceSpans.Resource.Attributes.Add(Otlp.Attr("owner", "a@example.com"));

        Redact.Redactor().Redact([resourceSpans]);

        Assert.Equal("email:1", Redact.Find(resourceSpans.Resource.Attributes, "redaction.detectors")!.Value.StringValue);
        Assert.Null(Redact.Find(resourceSpans.ScopeSpans[0].Spans[0].Attributes, "redaction.count"));
    }
}
