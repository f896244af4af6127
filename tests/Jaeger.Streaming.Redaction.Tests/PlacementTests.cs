using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Redaction.Tests;

/// <summary>Redaction reaches every place a span carries text.</summary>
public sealed class PlacementTests
{
    private const string Email = "bob@example.com";
    private const string Masked = "[REDACTED:email]";

    [Fact]
    public void Redacts_resource_attributes()
    {
        var resourceSpans = Otlp.ResourceSpans("shop", Redact.SpanWith());
        resourceSpans.Resource.Attributes.Add(Otlp.Attr("owner", Email));

        Redact.Redactor().Redact([resourceSpans]);

        Assert.Equal(Masked, Redact.Find(resourceSpans.Resource.Attributes, "owner")!.Value.StringValue);
    }

    [Fact]
    public void Redacts_scope_attributes()
    {
        var resourceSpans = Otlp.ResourceSpans("shop", Redact.SpanWith());
        resourceSpans.ScopeSpans[0].Scope.Attributes.Add(Otlp.Attr("maintainer", Email));

        Redact.Redactor().Redact([resourceSpans]);

        Assert.Equal(Masked, Redact.Find(resourceSpans.ScopeSpans[0].Scope.Attributes, "maintainer")!.Value.StringValue);
    }

    [Fact]
    public void Redacts_span_names()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), $"GET /users/{Email}");

        Redact.Redactor().Redact([Otlp.ResourceSpans("shop", span)]);

        Assert.Equal($"GET /users/{Masked}", span.Name);
    }

    [Fact]
    public void Redacts_event_names_and_attributes()
    {
        var span = Redact.SpanWith();
        span.Events.Add(new Span.Types.Event { Name = $"mail sent to {Email}", Attributes = { Otlp.Attr("to", Email) } });

        Redact.Redactor().Redact([Otlp.ResourceSpans("shop", span)]);

        Assert.Equal($"mail sent to {Masked}", span.Events[0].Name);
        Assert.Equal(Masked, span.Events[0].Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Redacts_link_attributes()
    {
        var span = Redact.SpanWith();
        span.Links.Add(new Span.Types.Link { TraceId = Otlp.NewTraceId().Bytes, SpanId = Otlp.NewSpanId(), Attributes = { Otlp.Attr("origin", Email) } });

        Redact.Redactor().Redact([Otlp.ResourceSpans("shop", span)]);

        Assert.Equal(Masked, span.Links[0].Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Redacts_status_messages()
    {
        var span = Redact.SpanWith();
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = $"no account for {Email}" };

        Redact.Redactor().Redact([Otlp.ResourceSpans("shop", span)]);

        Assert.Equal($"no account for {Masked}", span.Status.Message);
    }

    [Fact]
    public void Redacts_strings_nested_in_arrays_and_key_value_lists()
    {
        var nested = new AnyValue
        {
            KvlistValue = new KeyValueList
            {
                Values =
                {
                    Otlp.Attr("emails", "x"),
                    new KeyValue { Key = "list", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = Email }, new AnyValue { IntValue = 7 } } } } },
                    Otlp.Attr("password", "hunter2"),
                },
            },
        };
        var span = Redact.SpanWith(new KeyValue { Key = "payload", Value = nested });

        Redact.Redactor().Redact([Otlp.ResourceSpans("shop", span)]);

        var values = span.Attributes[0].Value.KvlistValue.Values;
        Assert.Equal(Masked, values[1].Value.ArrayValue.Values[0].StringValue);
        Assert.Equal(7, values[1].Value.ArrayValue.Values[1].IntValue);
        Assert.Equal("[REDACTED:key]", values[2].Value.StringValue);
    }

    [Fact]
    public void Redacts_a_whole_export_request()
    {
        var span = Redact.SpanWith(Otlp.Attr("user", Email));
        var request = Otlp.Request(Otlp.ResourceSpans("shop", span));

        var redactions = Redact.Redactor().Redact(request);

        Assert.Equal(1, redactions);
        Assert.Equal(Masked, span.Attributes[0].Value.StringValue);
    }

    [Fact]
    public void Changes_nothing_when_disabled()
    {
        var span = Redact.SpanWith(Otlp.Attr("user", Email), Otlp.Attr("password", "hunter2"));

        var redactions = Redact.Redactor(options => options.Enabled = false).Redact([Otlp.ResourceSpans("shop", span)]);

        Assert.Equal(0, redactions);
        Assert.Equal([Email, "hunter2"], span.Attributes.Select(attribute => attribute.Value.StringValue));
    }
}
