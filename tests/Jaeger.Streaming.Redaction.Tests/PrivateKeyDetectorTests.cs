namespace Jaeger.Streaming.Redaction.Tests;

public sealed class PrivateKeyDetectorTests
{
    [Theory]
    [InlineData("-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----")]
    [InlineData("-----BEGIN RSA PRIVATE KEY-----\nMIIEowIBAAKCAQEA\n-----END RSA PRIVATE KEY-----")]
    [InlineData("-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----")]
    [InlineData("-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF\n-----END PGP PRIVATE KEY BLOCK-----")]
    public void Masks_PEM_private_key_blocks(string pem) =>
        Assert.Equal("key: [REDACTED:private_key] loaded", Redact.Attribute($"key: {pem} loaded"));

    [Fact]
    public void Masks_a_truncated_block_to_the_end_of_the_value() =>
        Assert.Equal("config [REDACTED:private_key]", Redact.Attribute("config -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEI"));

    [Theory]
    [InlineData("-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----")]
    [InlineData("-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----")]
    [InlineData("missing PRIVATE KEY file")]
    public void Keeps_certificates_public_keys_and_prose(string value) =>
        Assert.Same(value, Redact.Attribute(value));
}
