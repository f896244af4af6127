using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>Every refusal names the keys involved and the fix, and valid settings pass untouched.</summary>
public sealed class KafkaSecurityValidatorTests(TestCertificates certs)
{
    [Fact]
    public void Accepts_each_valid_shape()
    {
        Assert.Empty(Options.Failures(Options.Plaintext()));
        Assert.Empty(Options.Failures(Options.Scram(certs)));
        Assert.Empty(Options.Failures(Options.Mtls(certs)));
        Assert.Empty(Options.Failures(Options.Oidc(certs)));
    }

    [Fact]
    public void Refuses_unknown_protocol()
    {
        var options = Options.Plaintext();
        options.Security.Protocol = "TLS";

        Assert.Equal(
            "Kafka:Security:Protocol 'TLS' is not supported; use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.",
            Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_the_default_plaintext_without_the_explicit_opt_in()
    {
        var failure = Options.SingleFailure(new KafkaConnectionOptions { BootstrapServers = "localhost:9092" });

        Assert.StartsWith("Kafka:Security:Protocol is PLAINTEXT, which sends spans unencrypted and unauthenticated;", failure);
        Assert.Contains("set Kafka:Security:AllowPlaintext=true", failure);
    }

    [Fact]
    public void Refuses_sasl_plaintext_without_the_explicit_opt_in()
    {
        var options = Options.Scram(certs);
        options.Security.Protocol = KafkaSecurityProtocol.SaslPlaintext;
        options.Security.Tls = new KafkaTlsOptions();

        var failure = Options.SingleFailure(options);

        Assert.StartsWith("Kafka:Security:Protocol is SASL_PLAINTEXT, which sends spans, and PLAIN passwords, unencrypted;", failure);
        Assert.Contains("Kafka:Security:AllowPlaintext=true", failure);
    }

    [Fact]
    public void Warns_when_plaintext_is_allowed_and_used()
    {
        var warning = Assert.Single(KafkaSecurityValidator.Warnings(Options.Plaintext()));

        Assert.Contains("Kafka:Security:AllowPlaintext is true and Kafka:Security:Protocol is PLAINTEXT", warning);
    }

    [Fact]
    public void Does_not_warn_about_secure_settings()
    {
        var options = Options.Scram(certs);
        options.Security.AllowPlaintext = true;

        Assert.Empty(KafkaSecurityValidator.Warnings(options));
    }

    [Theory]
    [InlineData("SSL")]
    [InlineData("SASL_SSL")]
    public void Refuses_tls_without_a_ca_or_system_trust(string protocol)
    {
        var options = protocol == "SSL" ? Options.Mtls(certs) : Options.Scram(certs);
        options.Security.Tls.CaFile = null;

        Assert.Equal(
            $"Kafka:Security:Protocol is {protocol} but no CA is configured; set Kafka:Security:Tls:CaFile to the brokers' CA bundle (PEM), " +
            "or set Kafka:Security:Tls:UseSystemTrustStore=true to trust the system's CAs.",
            Options.SingleFailure(options));
    }

    [Fact]
    public void Accepts_the_system_trust_store_when_chosen_explicitly()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.CaFile = null;
        options.Security.Tls.UseSystemTrustStore = true;

        Assert.Empty(Options.Failures(options));
    }

    [Fact]
    public void Refuses_both_a_ca_file_and_the_system_trust_store()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.UseSystemTrustStore = true;

        Assert.StartsWith("Kafka:Security:Tls:CaFile and Kafka:Security:Tls:UseSystemTrustStore=true are both set;", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_turning_off_hostname_verification_without_the_insecure_setting()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.VerifyHostname = false;

        var failure = Options.SingleFailure(options);

        Assert.StartsWith("Kafka:Security:Tls:VerifyHostname is false, which lets any certificate from the CA impersonate the brokers;", failure);
        Assert.Contains("Kafka:Security:Tls:AllowInsecureSkipHostnameVerification=true", failure);
    }

    [Fact]
    public void Accepts_and_warns_about_skipped_hostname_verification_when_allowed()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.VerifyHostname = false;
        options.Security.Tls.AllowInsecureSkipHostnameVerification = true;

        Assert.Empty(Options.Failures(options));
        Assert.Contains("Kafka:Security:Tls:AllowInsecureSkipHostnameVerification is true", Assert.Single(KafkaSecurityValidator.Warnings(options)));
    }

    [Fact]
    public void Refuses_a_client_certificate_without_its_key()
    {
        var options = Options.Mtls(certs);
        options.Security.Tls.KeyFile = null;

        Assert.StartsWith("Kafka:Security:Tls:CertificateFile is set without Kafka:Security:Tls:KeyFile;", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_a_key_without_its_client_certificate()
    {
        var options = Options.Mtls(certs);
        options.Security.Tls.CertificateFile = null;

        Assert.StartsWith("Kafka:Security:Tls:KeyFile is set without Kafka:Security:Tls:CertificateFile;", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_a_key_password_without_a_key()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.KeyPassword = "unlock";

        Assert.StartsWith("Kafka:Security:Tls:KeyPassword or Kafka:Security:Tls:KeyPasswordFile is set without Kafka:Security:Tls:KeyFile;", Options.SingleFailure(options));
    }

    public static TheoryData<string> FileKeys => new()
    {
        "Kafka:Security:Tls:CaFile",
        "Kafka:Security:Tls:CertificateFile",
        "Kafka:Security:Tls:KeyFile",
        "Kafka:Security:Tls:KeyPasswordFile",
        "Kafka:Security:Sasl:PasswordFile",
        "Kafka:Security:Sasl:OAuthBearer:ClientSecretFile",
    };

    [Theory]
    [MemberData(nameof(FileKeys))]
    public void Refuses_a_missing_file_naming_key_and_path(string key)
    {
        var missing = certs.Missing("absent.pem");
        var options = key.Contains(":Sasl:OAuthBearer:", StringComparison.Ordinal) ? Options.Oidc(certs)
            : key.Contains(":Sasl:", StringComparison.Ordinal) ? Options.Scram(certs)
            : Options.Mtls(certs);
        SetFile(options, key, missing);

        Assert.Equal($"{key} '{missing}' does not exist; fix the path or mount the file.", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_a_ca_file_that_is_not_pem()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.CaFile = certs.WriteFile("truststore.jks", "\u00fe\u00ed\u00fe\u00ed binary keystore");

        var failure = Options.SingleFailure(options);

        Assert.StartsWith($"Kafka:Security:Tls:CaFile '{options.Security.Tls.CaFile}' holds no PEM certificate", failure);
        Assert.Contains("keytool -exportcert -rfc", failure);
    }

    [Fact]
    public void Refuses_a_key_file_that_is_not_pem()
    {
        var options = Options.Mtls(certs);
        options.Security.Tls.KeyFile = certs.WriteFile("client.p12", "not a pem key");

        Assert.StartsWith($"Kafka:Security:Tls:KeyFile '{options.Security.Tls.KeyFile}' holds no PEM private key", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_an_empty_secret_file()
    {
        var options = Options.Scram(certs);
        options.Security.Sasl.PasswordFile = certs.WriteFile("empty.password", "\n");

        Assert.Equal($"Kafka:Security:Sasl:PasswordFile '{options.Security.Sasl.PasswordFile}' is empty; write the secret into it.", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_a_secret_given_both_as_value_and_file()
    {
        var options = Options.Scram(certs);
        options.Security.Sasl.Password = "also-here";

        Assert.Equal(
            "Kafka:Security:Sasl:Password and Kafka:Security:Sasl:PasswordFile are both set; keep one (the file is preferred).",
            Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_an_unknown_sasl_mechanism()
    {
        var options = Options.Scram(certs, mechanism: "SCRAM-SHA-1");

        Assert.Equal(
            "Kafka:Security:Sasl:Mechanism 'SCRAM-SHA-1' is not supported; use PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER.",
            Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_a_sasl_protocol_without_a_mechanism()
    {
        var options = Options.Scram(certs);
        options.Security.Sasl = new KafkaSaslOptions();

        Assert.Equal(
            "Kafka:Security:Sasl:Mechanism is required when Kafka:Security:Protocol is SASL_SSL; use PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER.",
            Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_a_sasl_mechanism_on_a_protocol_without_sasl()
    {
        var options = Options.Mtls(certs);
        options.Security.Sasl.Mechanism = KafkaSaslMechanism.ScramSha512;

        Assert.Equal(
            "Kafka:Security:Sasl:Mechanism is set but Kafka:Security:Protocol is SSL, so SASL is off and it would be ignored; use SASL_SSL, or remove it.",
            Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_tls_settings_on_a_protocol_without_tls()
    {
        var options = Options.Plaintext();
        options.Security.Tls.CaFile = certs.CaFile;

        Assert.Equal(
            "Kafka:Security:Tls:CaFile is set but Kafka:Security:Protocol is PLAINTEXT, so TLS is off and it would be ignored; use SSL or SASL_SSL, or remove it.",
            Options.SingleFailure(options));
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-512")]
    public void Refuses_a_password_mechanism_without_username(string mechanism)
    {
        var options = Options.Scram(certs, mechanism: mechanism);
        options.Security.Sasl.Username = " ";

        Assert.Equal($"Kafka:Security:Sasl:Username is required for {mechanism}; set the principal's name.", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_a_password_mechanism_without_password()
    {
        var options = Options.Scram(certs);
        options.Security.Sasl.PasswordFile = null;

        Assert.Equal(
            "Kafka:Security:Sasl:PasswordFile (or Kafka:Security:Sasl:Password) is required for SCRAM-SHA-512; point it at a file holding the principal's password.",
            Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_oauthbearer_settings_with_a_password_mechanism()
    {
        var options = Options.Scram(certs);
        options.Security.Sasl.OAuthBearer.ClientId = "jaeger-collector";

        Assert.Equal(
            "Kafka:Security:Sasl:OAuthBearer:ClientId is set but Kafka:Security:Sasl:Mechanism is SCRAM-SHA-512 and it would be ignored; use OAUTHBEARER, or remove it.",
            Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_a_username_with_oauthbearer()
    {
        var options = Options.Oidc(certs);
        options.Security.Sasl.Username = "collector";

        Assert.StartsWith("Kafka:Security:Sasl:Username is set but Kafka:Security:Sasl:Mechanism is OAUTHBEARER", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_oauthbearer_without_token_endpoint()
    {
        var options = Options.Oidc(certs);
        options.Security.Sasl.OAuthBearer.TokenEndpointUrl = null;

        Assert.StartsWith("Kafka:Security:Sasl:OAuthBearer:TokenEndpointUrl is required for OAUTHBEARER;", Options.SingleFailure(options));
    }

    [Theory]
    [InlineData("http://idp.example.com/token")]
    [InlineData("idp.example.com/token")]
    public void Refuses_a_token_endpoint_that_is_not_absolute_https(string url)
    {
        var options = Options.Oidc(certs);
        options.Security.Sasl.OAuthBearer.TokenEndpointUrl = url;

        Assert.StartsWith($"Kafka:Security:Sasl:OAuthBearer:TokenEndpointUrl '{url}' is not an absolute https URL;", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_oauthbearer_without_client_id()
    {
        var options = Options.Oidc(certs);
        options.Security.Sasl.OAuthBearer.ClientId = null;

        Assert.StartsWith("Kafka:Security:Sasl:OAuthBearer:ClientId is required for OAUTHBEARER;", Options.SingleFailure(options));
    }

    [Fact]
    public void Refuses_oauthbearer_without_client_secret()
    {
        var options = Options.Oidc(certs);
        options.Security.Sasl.OAuthBearer.ClientSecretFile = null;

        Assert.StartsWith(
            "Kafka:Security:Sasl:OAuthBearer:ClientSecretFile (or Kafka:Security:Sasl:OAuthBearer:ClientSecret) is required for OAUTHBEARER;",
            Options.SingleFailure(options));
    }

    [Fact]
    public void Reports_every_failure_at_once()
    {
        var options = Options.Scram(certs, mechanism: "PLAIN");
        options.Security.Tls.CaFile = null;
        options.Security.Tls.VerifyHostname = false;
        options.Security.Sasl.Username = null;

        Assert.Equal(3, Options.Failures(options).Count);
    }

    private static void SetFile(KafkaConnectionOptions options, string key, string path)
    {
        var tls = options.Security.Tls;
        switch (key[(key.LastIndexOf(':') + 1)..])
        {
            case "CaFile": tls.CaFile = path; break;
            case "CertificateFile": tls.CertificateFile = path; break;
            case "KeyFile": tls.KeyFile = path; break;
            case "KeyPasswordFile": tls.KeyPasswordFile = path; break;
            case "PasswordFile": options.Security.Sasl.PasswordFile = path; break;
            case "ClientSecretFile": options.Security.Sasl.OAuthBearer.ClientSecretFile = path; break;
            default: throw new ArgumentOutOfRangeException(nameof(key), key, "no such file setting");
        }
    }
}
