namespace Jaeger.Streaming.Redaction.Tests;

public sealed class IpAddressDetectorTests
{
    private static readonly Ingester.Redaction.SpanRedactor WithIpDetector = Redact.Redactor(options => options.Detectors.Ip.Enabled = true);

    [Fact]
    public void Keeps_IP_addresses_by_default() =>
        Assert.Equal("client 203.0.113.7", Redact.Attribute("client 203.0.113.7"));

    [Theory]
    [InlineData("client 203.0.113.7 connected", "client [REDACTED:ip] connected")]
    [InlineData("from 2001:db8::1", "from [REDACTED:ip]")]
    [InlineData("::1", "[REDACTED:ip]")]
    public void Masks_IPv4_and_IPv6_addresses_when_enabled(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value, redactor: WithIpDetector));

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("10:30:00")]
    [InlineData("aa:bb:cc:dd:ee:ff")]
    [InlineData("1.2.3")]
    public void Keeps_lookalikes_when_enabled(string value) =>
        Assert.Same(value, Redact.Attribute(value, redactor: WithIpDetector));
}
