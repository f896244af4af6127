namespace Jaeger.Streaming.Redaction.Tests;

public sealed class CredentialDetectorTests
{
    [Theory]
    [InlineData("Bearer abc123def456ghi", "Bearer [REDACTED:credential]")]
    [InlineData("auth failed for bearer 9f8e7d6c5b4a", "auth failed for bearer [REDACTED:credential]")]
    [InlineData("Basic dXNlcjpwYXNzd29yZA==", "Basic [REDACTED:credential]")]
    [InlineData("Bearer\tabc123def456ghi", "Bearer\t[REDACTED:credential]")]
    public void Masks_the_token_of_Bearer_and_Basic_credentials_and_keeps_the_scheme(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));

    [Theory]
    [InlineData("login failed: password=hunter2 for bob", "login failed: password=[REDACTED:credential] for bob")]
    [InlineData("db_password: \"s3cr3t!\"", "db_password: \"[REDACTED:credential]\"")]
    [InlineData("client_secret=abc&next=/", "client_secret=[REDACTED:credential]&next=/")]
    [InlineData("x-api-key: k-123", "x-api-key: [REDACTED:credential]")]
    [InlineData("{\"user\":\"bob\",\"password\":\"hunter2\"}", "{\"user\":\"bob\",\"password\":\"[REDACTED:credential]\"}")]
    [InlineData("\"api_key\" : \"k-123456\"", "\"api_key\" : \"[REDACTED:credential]\"")]
    [InlineData("PASSPHRASE = 'opensesame1'", "PASSPHRASE = '[REDACTED:credential]'")]
    [InlineData("secret\t=abc123", "secret\t=[REDACTED:credential]")]
    [InlineData("token expired, retrying with token=abc123", "token expired, retrying with token=[REDACTED:credential]")]
    [InlineData("Пользователь: ключ api-key=ключ123", "Пользователь: ключ api-key=[REDACTED:credential]")]
    public void Masks_the_value_of_secret_assignments_in_text(string value, string expected) =>
        Assert.Equal(expected, Redact.Attribute(value));

    [Theory]
    [InlineData("Basic authentication failed")]
    [InlineData("bearer tokens expire")]
    [InlineData("max_tokens=100")]
    [InlineData("the key is in the drawer")]
    [InlineData("at Shop.Orders.PlaceAsync(CancellationToken cancellationToken) in /src/Orders.cs:line 128")]
    public void Keeps_prose_about_credentials(string value) =>
        Assert.Same(value, Redact.Attribute(value));
}
