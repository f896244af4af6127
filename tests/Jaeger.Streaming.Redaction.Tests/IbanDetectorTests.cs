namespace Jaeger.Streaming.Redaction.Tests;

public sealed class IbanDetectorTests
{
    [Theory]
    [InlineData("DE89370400440532013000", "[REDACTED:iban]")]
    [InlineData("GB82 WEST 1234 5698 7654 32", "[REDACTED:iban]")]
    [InlineData("pay to NL91ABNA0417164300 today", "pay to [REDACTED:iban] today")]
    [InlineData("DE89 3704 0044 0532 0130 00 PAID", "[REDACTED:iban] PAID")]
    public void Masks_checksum_valid_IBANs(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));

    [Theory]
    [InlineData("DE89370400440532013001")] // checksum fails
    [InlineData("DE8937040044053201300")] // wrong length for DE
    [InlineData("ZZ89370400440532013000")] // no such country
    [InlineData("de89370400440532013000")] // IBANs are upper case
    [InlineData("AB12CDEFGHIJKLMNOPQRS")]
    public void Keeps_lookalikes_that_are_not_IBANs(string value) =>
        Assert.Same(value, Redact.Attribute(value));

    [Theory]
    [InlineData("refund 3 of order 1234567 is going to DE89 3704 0044 0532 0130 00", "refund 3 of order 1234567 is going to [REDACTED:iban]")]
    [InlineData("v2:DE89370400440532013000", "v2:[REDACTED:iban]")]
    public void Masks_an_IBAN_after_other_numbers_near_or_far(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));
}
