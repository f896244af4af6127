namespace Jaeger.Streaming.Redaction.Tests;

public sealed class SsnDetectorTests
{
    [Theory]
    [InlineData("123-45-6789", "[REDACTED:ssn]")]
    [InlineData("ssn 078-05-1120 on file", "ssn [REDACTED:ssn] on file")]
    [InlineData("room 5 078-05-1120", "room 5 [REDACTED:ssn]")]
    [InlineData("v1.2 078-05-1120", "v1.2 [REDACTED:ssn]")]
    public void Masks_US_social_security_numbers(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));

    [Theory]
    [InlineData("000-45-6789")]
    [InlineData("666-45-6789")]
    [InlineData("923-45-6789")]
    [InlineData("123-00-6789")]
    [InlineData("123-45-0000")]
    [InlineData("123456789")]
    [InlineData("2024-01-15")]
    [InlineData("ORD-123-45-6789")]
    public void Keeps_numbers_that_are_not_issuable_SSNs(string value) =>
        Assert.Same(value, Redact.Attribute(value));

    [Fact]
    public void Masks_an_SSN_at_the_end_of_a_long_text_after_other_numbers() =>
        Assert.Equal(
            "ticket 7 opened by agent 42, customer social security number [REDACTED:ssn]",
            Redact.Attribute("ticket 7 opened by agent 42, customer social security number 078-05-1120"));
}
