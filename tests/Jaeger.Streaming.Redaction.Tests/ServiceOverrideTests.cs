using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Redaction.Tests;

public sealed class ServiceOverrideTests
{
    private static string? RedactFor(string service, string key, string value, SpanRedactor redactor)
    {
        var span = Redact.SpanWith(Testing.Otlp.Attr(key, value));
        redactor.Redact([Otlp.ResourceSpans(service, span)]);
        return Redact.Find(span.Attributes, key)?.Value.StringValue;
    }

    private static SpanRedactor WithService(string service, Action<ServiceRedactionOptions> configure) =>
        Redact.Redactor(options =>
        {
            var overrides = new ServiceRedactionOptions();
            configure(overrides);
            options.Services[service] = overrides;
        });

    [Fact]
    public void A_service_rule_applies_to_that_service_only()
    {
        var redactor = WithService("billing", service => service.Rules.Add(new RedactionRule { Key = "customer.name", Action = "drop" }));

        Assert.Null(RedactFor("billing", "customer.name", "Ada", redactor));
        Assert.Equal("Ada", RedactFor("shop", "customer.name", "Ada", redactor));
    }

    [Fact]
    public void A_service_rule_wins_over_a_global_rule_for_the_same_key()
    {
        var redactor = Redact.Redactor(options =>
        {
            options.Rules.Add(new RedactionRule { Key = "customer.name", Action = "drop" });
            options.Services["billing"] = new ServiceRedactionOptions { Rules = { new RedactionRule { Key = "customer.name", Action = "hash" } } };
        });

        Assert.StartsWith("[HASH:", RedactFor("billing", "customer.name", "Ada", redactor));
        Assert.Null(RedactFor("shop", "customer.name", "Ada", redactor));
    }

    [Fact]
    public void An_allowed_key_keeps_its_value_for_that_service_only()
    {
        var redactor = WithService("support", service => service.AllowKeys.Add("ticket.*"));

        Assert.Equal("bob@example.com", RedactFor("support", "ticket.requester", "bob@example.com", redactor));
        Assert.Equal("[REDACTED:email]", RedactFor("shop", "ticket.requester", "bob@example.com", redactor));
    }

    [Fact]
    public void An_allowed_key_overrides_the_deny_list() =>
        Assert.Equal("5", RedactFor("auth", "session", "5", WithService("auth", service => service.AllowKeys.Add("session"))));

    [Fact]
    public void An_allowed_value_is_kept_whole_or_inside_text_while_other_matches_are_masked()
    {
        var redactor = WithService("support", service => service.AllowValues.Add("help@example.com"));

        Assert.Equal("help@example.com", RedactFor("support", "from", "help@example.com", redactor));
        Assert.Equal("from help@example.com to [REDACTED:email]", RedactFor("support", "note", "from help@example.com to bob@example.com", redactor));
        Assert.Equal("[REDACTED:email]", RedactFor("shop", "from", "help@example.com", redactor));
    }

    [Fact]
    public void A_global_allow_list_applies_to_every_service() =>
        Assert.Equal("help@example.com", RedactFor("any", "from", "help@example.com", Redact.Redactor(options => options.AllowValues.Add("help@example.com"))));

    [Fact]
    public void A_service_can_disable_a_detector()
    {
        var redactor = WithService("telephony", service => service.DisabledDetectors.Add("phone"));

        Assert.Equal("+1 415 555 0100", RedactFor("telephony", "callee", "+1 415 555 0100", redactor));
        Assert.Equal("[REDACTED:phone]", RedactFor("shop", "callee", "+1 415 555 0100", redactor));
    }

    [Fact]
    public void Spans_without_a_service_name_get_the_global_rules()
    {
        var span = Redact.SpanWith(Otlp.Attr("customer.name", "Ada"));
        var resourceSpans = new ResourceSpans { ScopeSpans = { new ScopeSpans { Spans = { span } } } };

        WithService("billing", service => service.Rules.Add(new RedactionRule { Key = "customer.name" })).Redact([resourceSpans]);

        Assert.Equal("Ada", span.Attributes[0].Value.StringValue);
    }
}
