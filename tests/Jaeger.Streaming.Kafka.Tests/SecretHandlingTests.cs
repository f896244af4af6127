using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>Secrets reach librdkafka and nothing else: not ToString, not failures, not exceptions, not logs.</summary>
public sealed class SecretHandlingTests(TestCertificates certs)
{
    private const string Password = "pw-5d1c7e";
    private const string KeyPassword = "key-pw-93ab10";
    private const string ClientSecret = "client-secret-77f0e2";

    private static KafkaConnectionOptions WithEverySecret() => new()
    {
        BootstrapServers = "broker:9094",
        Security =
        {
            Protocol = "SASL_SSL",
            Tls = { KeyPassword = KeyPassword },
            Sasl = { Mechanism = "SCRAM-SHA-1", Password = Password, OAuthBearer = { ClientSecret = ClientSecret } },
        },
    };

    [Fact]
    public void ToString_shows_that_secrets_are_set_but_not_what_they_are()
    {
        var text = WithEverySecret().ToString();

        AssertNoSecret(text);
        Assert.Contains("Password=***", text);
        Assert.Contains("KeyPassword=***", text);
        Assert.Contains("ClientSecret=***", text);
    }

    [Fact]
    public void Validation_failures_never_contain_a_secret()
    {
        var failures = KafkaSecurityValidator.Validate(WithEverySecret());

        Assert.NotEmpty(failures);
        AssertNoSecret(string.Join("\n", failures));
    }

    [Fact]
    public void Mapping_exception_never_contains_a_secret()
    {
        var error = Assert.Throws<KafkaSecurityException>(() => KafkaClientConfig.For(WithEverySecret()));

        AssertNoSecret(error.ToString());
    }

    [Fact]
    public void Redacted_properties_hide_every_secret_value()
    {
        var options = Options.Mtls(certs);
        options.Security.Tls.KeyPassword = KeyPassword;
        var scram = Options.Scram(certs);
        scram.Security.Sasl.PasswordFile = null;
        scram.Security.Sasl.Password = Password;
        var oidc = Options.Oidc(certs);
        oidc.Security.Sasl.OAuthBearer.ClientSecretFile = null;
        oidc.Security.Sasl.OAuthBearer.ClientSecret = ClientSecret;

        var redacted = new[] { options, scram, oidc }.SelectMany(o => KafkaClientConfig.Redact(KafkaClientConfig.For(o))).ToList();

        AssertNoSecret(string.Join("\n", redacted));
        Assert.Contains(redacted, p => p is { Key: "sasl.password", Value: "***" });
        Assert.Contains(redacted, p => p is { Key: "ssl.key.password", Value: "***" });
        Assert.Contains(redacted, p => p is { Key: "sasl.oauthbearer.client.secret", Value: "***" });
    }

    [Fact]
    public void Secret_from_a_file_is_not_in_the_settings_description()
    {
        var options = Options.Scram(certs);
        var password = File.ReadAllText(certs.PasswordFile("collector"));

        Assert.DoesNotContain(password, options.ToString(), StringComparison.Ordinal);
        Assert.Contains(certs.PasswordFile("collector"), options.ToString(), StringComparison.Ordinal);
    }

    private static void AssertNoSecret(string text)
    {
        Assert.DoesNotContain(Password, text, StringComparison.Ordinal);
        Assert.DoesNotContain(KeyPassword, text, StringComparison.Ordinal);
        Assert.DoesNotContain(ClientSecret, text, StringComparison.Ordinal);
    }
}
