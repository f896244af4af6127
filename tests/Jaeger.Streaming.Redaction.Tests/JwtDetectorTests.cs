namespace Jaeger.Streaming.Redaction.Tests;

public sealed class JwtDetectorTests
{
    private const string Jwt = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U";

    [Fact]
    public void Masks_a_signed_JWT() =>
        Assert.Equal("[REDACTED:jwt]", Redact.Attribute(Jwt));

    [Fact]
    public void Masks_a_JWT_inside_text() =>
        Assert.Equal("token=[REDACTED:jwt]&x=1", Redact.Attribute("token=" + Jwt + "&x=1", key: "note"));

    [Fact]
    public void Masks_an_unsigned_JWT() =>
        Assert.Equal("[REDACTED:jwt]", Redact.Attribute("eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."));

    [Theory]
    [InlineData("eyJhbGciOiJIUzI1NiJ9")]
    [InlineData("keyJar.value.other")]
    [InlineData("v1.2.3")]
    public void Keeps_text_that_is_not_a_JWT(string value) =>
        Assert.Same(value, Redact.Attribute(value));
}
