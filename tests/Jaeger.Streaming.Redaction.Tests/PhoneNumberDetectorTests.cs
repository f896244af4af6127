namespace Jaeger.Streaming.Redaction.Tests;

public sealed class PhoneNumberDetectorTests
{
    [Theory]
    [InlineData("+1 415 555 0100", "[REDACTED:phone]")]
    [InlineData("+44 20 7946 0958", "[REDACTED:phone]")]
    [InlineData("call +4915112345678 now", "call [REDACTED:phone] now")]
    [InlineData("+1 (415) 555-0100", "[REDACTED:phone]")]
    [InlineData("+33.1.23.45.67.89", "[REDACTED:phone]")]
    public void Masks_international_phone_numbers(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));

    [Theory]
    [InlineData("2024-01-15T10:30:00+01:00")]
    [InlineData("+1234")]
    [InlineData("(415) 555-0100")]
    [InlineData("1+1=2")]
    [InlineData("+1 234 567 890 123 456 789")] // more digits than E.164 allows
    public void Keeps_text_that_is_not_an_international_phone_number(string value) =>
        Assert.Same(value, Redact.Attribute(value));
}
