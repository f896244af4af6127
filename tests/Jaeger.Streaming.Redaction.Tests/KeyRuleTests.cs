using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Redaction.Tests;

public sealed class KeyRuleTests
{
    private static SpanRedactor WithRule(RedactionRule rule) => Redact.Redactor(options => options.Rules.Add(rule));

    [Theory]
    [InlineData("customer.name", null)]
    [InlineData("Customer.Name", null)]
    [InlineData("customer.*", null)]
    [InlineData("cust?mer.name", "glob")]
    [InlineData("^customer\\.(name|address)$", "regex")]
    public void Masks_keys_matched_exactly_by_glob_or_by_regex_case_insensitively(string pattern, string? match) =>
        Assert.Equal("[REDACTED:key]", Redact.Attribute("Ada Lovelace", "customer.name", WithRule(new RedactionRule { Key = pattern, Match = match })));

    [Fact]
    public void Does_not_mask_keys_the_rule_does_not_match() =>
        Assert.Equal("Ada Lovelace", Redact.Attribute("Ada Lovelace", "customer.tier.name", WithRule(new RedactionRule { Key = "customer.name" })));

    [Fact]
    public void Drops_the_attribute_when_the_action_is_drop() =>
        Assert.Null(Redact.Attribute("Ada Lovelace", "customer.name", WithRule(new RedactionRule { Key = "customer.name", Action = "drop" })));

    [Fact]
    public void Hashes_the_whole_value_when_the_action_is_hash() =>
        Assert.Matches("^\\[HASH:[0-9a-f]{16}\\]$", Redact.Attribute("Ada Lovelace", "customer.name", WithRule(new RedactionRule { Key = "customer.name", Action = "hash" })));

    [Fact]
    public void Names_the_marker_after_the_rule() =>
        Assert.Equal("[REDACTED:pii]", Redact.Attribute("Ada", "customer.name", WithRule(new RedactionRule { Name = "pii", Key = "customer.name" })));

    [Fact]
    public void Masks_non_string_values_too()
    {
        var span = Redact.SpanWith(Otlp.Attr("customer.age", 42));

        WithRule(new RedactionRule { Key = "customer.age" }).Redact([Otlp.ResourceSpans("shop", span)]);

        Assert.Equal("[REDACTED:key]", span.Attributes[0].Value.StringValue);
    }

    [Fact]
    public void A_configured_rule_overrides_the_deny_list_for_its_key() =>
        Assert.Null(Redact.Attribute("hunter2", "password", WithRule(new RedactionRule { Key = "password", Action = "drop" })));

    [Fact]
    public void A_value_rule_masks_its_matches_in_every_string() =>
        Assert.Equal("refund for [REDACTED:customer] approved", Redact.Attribute("refund for CUST-12345678 approved", "note", WithRule(new RedactionRule { Name = "customer", Value = "CUST-[0-9]{8}" })));
}
