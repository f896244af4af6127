namespace Jaeger.Streaming.Redaction.Tests;

public sealed class EmailDetectorTests
{
    [Theory]
    [InlineData("alice@example.com", "[REDACTED:email]")]
    [InlineData("user alice.smith+shop@mail.example.co.uk signed in", "user [REDACTED:email] signed in")]
    [InlineData("to: a@b.io, b_c-d@x-y.org.", "to: [REDACTED:email], [REDACTED:email].")]
    [InlineData("mailto:Jörg@bücher.de", "mailto:[REDACTED:email]")]
    public void Masks_email_addresses_anywhere_in_a_value(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));

    [Theory]
    [InlineData("@channel deploy done")]
    [InlineData("user@localhost")]
    [InlineData("pkg@1.2.3")]
    [InlineData("a@b.c")]
    [InlineData("email@")]
    public void Keeps_text_with_an_at_sign_that_is_not_an_address(string value) =>
        Assert.Same(value, Redact.Attribute(value));
}
