namespace Jaeger.Streaming.Redaction.Tests;

/// <summary>Values that are everyday tracing data must come through unchanged, and uncopied.</summary>
public sealed class HarmlessValueTests
{
    [Theory]
    [InlineData("123e4567-e89b-12d3-a456-426614174000")]
    [InlineData("4bf92f3577b34da6a3ce929d0e0e4736")]
    [InlineData("00f067aa0ba902b7")]
    [InlineData("ORD-2024-000123")]
    [InlineData("2024-01-15T10:30:00.123456789Z")]
    [InlineData("2024-01-15T10:30:00+01:00")]
    [InlineData("1700000000123456789")]
    [InlineData("GET /api/v1/orders/42")]
    [InlineData("Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36")]
    [InlineData("checkout-service")]
    [InlineData("10.0.0.1")]
    [InlineData("")]
    public void Keeps_everyday_values_as_the_same_instance(string value) =>
        Assert.Same(value, Redact.Attribute(value));

    [Fact]
    public void Leaves_a_typical_span_unchanged()
    {
        var request = TypicalSpans.Request();
        var before = request.Clone();

        Assert.Equal(0, Redact.Redactor().Redact(request));
        Assert.Equal(before, request);
    }
}
