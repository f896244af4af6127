using Confluent.Kafka;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>Each security option lands on exactly the librdkafka key it names, with the value librdkafka expects.</summary>
public sealed class KafkaClientConfigTests(TestCertificates certs)
{
    [Fact]
    public void Plaintext_maps_to_bootstrap_servers_and_protocol_only()
    {
        Assert.Equal(
            new Dictionary<string, string> { ["bootstrap.servers"] = "localhost:9092", ["security.protocol"] = "plaintext" },
            KafkaClientConfig.For(Options.Plaintext()));
    }

    [Fact]
    public void Scram_over_sasl_ssl_maps_every_key()
    {
        var properties = KafkaClientConfig.For(Options.Scram(certs));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["bootstrap.servers"] = "broker:9094",
                ["security.protocol"] = "sasl_ssl",
                ["ssl.ca.location"] = certs.CaFile,
                ["ssl.endpoint.identification.algorithm"] = "https",
                ["sasl.mechanism"] = "SCRAM-SHA-512",
                ["sasl.username"] = "collector",
                ["sasl.password"] = File.ReadAllText(certs.PasswordFile("collector")),
            },
            properties);
    }

    [Theory]
    [InlineData("PLAIN")]
    [InlineData("SCRAM-SHA-256")]
    [InlineData("SCRAM-SHA-512")]
    [InlineData("scram-sha-256")]
    public void Password_mechanisms_map_to_sasl_mechanism_in_canonical_spelling(string mechanism)
    {
        var properties = KafkaClientConfig.For(Options.Scram(certs, mechanism: mechanism));

        Assert.Equal(mechanism.ToUpperInvariant(), properties["sasl.mechanism"]);
    }

    [Fact]
    public void Sasl_plaintext_maps_protocol_and_sets_no_tls_key()
    {
        var options = Options.Scram(certs);
        options.Security.Protocol = KafkaSecurityProtocol.SaslPlaintext;
        options.Security.AllowPlaintext = true;
        options.Security.Tls = new KafkaTlsOptions();

        var properties = KafkaClientConfig.For(options);

        Assert.Equal("sasl_plaintext", properties["security.protocol"]);
        Assert.DoesNotContain(properties.Keys, key => key.StartsWith("ssl.", StringComparison.Ordinal));
    }

    [Fact]
    public void Protocol_is_accepted_in_any_case()
    {
        var options = Options.Scram(certs);
        options.Security.Protocol = "sasl_ssl";

        Assert.Equal("sasl_ssl", KafkaClientConfig.For(options)["security.protocol"]);
    }

    [Fact]
    public void Password_given_as_a_value_maps_to_sasl_password()
    {
        var options = Options.Scram(certs);
        options.Security.Sasl.PasswordFile = null;
        options.Security.Sasl.Password = "from-the-environment";

        Assert.Equal("from-the-environment", KafkaClientConfig.For(options)["sasl.password"]);
    }

    [Theory]
    [InlineData("s3cret\n", "s3cret")]
    [InlineData("s3cret\r\n", "s3cret")]
    [InlineData("s3cret\n\n", "s3cret\n")]
    [InlineData("s3cret ", "s3cret ")]
    public void Password_file_loses_exactly_one_trailing_newline(string content, string expected)
    {
        var options = Options.Scram(certs);
        options.Security.Sasl.PasswordFile = certs.WriteFile($"password-{Guid.NewGuid():N}", content);

        Assert.Equal(expected, KafkaClientConfig.For(options)["sasl.password"]);
    }

    [Fact]
    public void Mtls_maps_certificate_and_key_and_no_sasl_key()
    {
        var properties = KafkaClientConfig.For(Options.Mtls(certs));

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["bootstrap.servers"] = "broker:9095",
                ["security.protocol"] = "ssl",
                ["ssl.ca.location"] = certs.CaFile,
                ["ssl.endpoint.identification.algorithm"] = "https",
                ["ssl.certificate.location"] = certs.CertificateFile("ingester"),
                ["ssl.key.location"] = certs.KeyFile("ingester"),
            },
            properties);
    }

    [Fact]
    public void Key_password_file_maps_to_ssl_key_password()
    {
        var options = Options.Mtls(certs);
        options.Security.Tls.KeyPasswordFile = certs.WriteFile("key.password", "unlock\n");

        Assert.Equal("unlock", KafkaClientConfig.For(options)["ssl.key.password"]);
    }

    [Fact]
    public void Key_password_value_maps_to_ssl_key_password()
    {
        var options = Options.Mtls(certs);
        options.Security.Tls.KeyPassword = "unlock";

        Assert.Equal("unlock", KafkaClientConfig.For(options)["ssl.key.password"]);
    }

    [Fact]
    public void System_trust_store_maps_to_probe()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.CaFile = null;
        options.Security.Tls.UseSystemTrustStore = true;

        Assert.Equal("probe", KafkaClientConfig.For(options)["ssl.ca.location"]);
    }

    [Fact]
    public void Skipping_hostname_verification_maps_to_none()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.VerifyHostname = false;
        options.Security.Tls.AllowInsecureSkipHostnameVerification = true;

        Assert.Equal("none", KafkaClientConfig.For(options)["ssl.endpoint.identification.algorithm"]);
    }

    [Fact]
    public void Oauthbearer_maps_to_librdkafkas_oidc_client_credentials()
    {
        var options = Options.Oidc(certs);
        options.Security.Sasl.OAuthBearer.Scope = "kafka.write";

        var properties = KafkaClientConfig.For(options);

        Assert.Equal(
            new Dictionary<string, string>
            {
                ["bootstrap.servers"] = "broker:9094",
                ["security.protocol"] = "sasl_ssl",
                ["ssl.ca.location"] = certs.CaFile,
                ["ssl.endpoint.identification.algorithm"] = "https",
                ["sasl.mechanism"] = "OAUTHBEARER",
                ["sasl.oauthbearer.method"] = "oidc",
                ["sasl.oauthbearer.token.endpoint.url"] = "https://idp.example.com/oauth2/token",
                ["sasl.oauthbearer.client.id"] = "jaeger-collector",
                ["sasl.oauthbearer.client.secret"] = "oidc-client-secret",
                ["sasl.oauthbearer.scope"] = "kafka.write",
            },
            properties);
    }

    [Fact]
    public void Oauthbearer_without_scope_sets_no_scope_key()
    {
        Assert.DoesNotContain("sasl.oauthbearer.scope", KafkaClientConfig.For(Options.Oidc(certs)).Keys);
    }

    [Fact]
    public void Oauthbearer_client_secret_value_maps_to_client_secret()
    {
        var options = Options.Oidc(certs);
        options.Security.Sasl.OAuthBearer.ClientSecretFile = null;
        options.Security.Sasl.OAuthBearer.ClientSecret = "from-the-environment";

        Assert.Equal("from-the-environment", KafkaClientConfig.For(options)["sasl.oauthbearer.client.secret"]);
    }

    [Fact]
    public void Invalid_settings_throw_with_every_failure()
    {
        var options = Options.Scram(certs);
        options.Security.Tls.CaFile = null;
        options.Security.Sasl.Username = null;

        var error = Assert.Throws<KafkaSecurityException>(() => KafkaClientConfig.For(options));

        Assert.Equal(KafkaSecurityValidator.Validate(options), error.Failures);
        Assert.Equal(2, error.Failures.Count);
    }

    [Fact]
    public void Confluent_producer_and_consumer_configs_read_the_mapped_values()
    {
        var producer = new ProducerConfig(KafkaClientConfig.For(Options.Scram(certs))) { Acks = Acks.All };
        var consumer = new ConsumerConfig(KafkaClientConfig.For(Options.Scram(certs))) { GroupId = "jaeger-ingester" };

        foreach (var config in new ClientConfig[] { producer, consumer })
        {
            Assert.Equal(SecurityProtocol.SaslSsl, config.SecurityProtocol);
            Assert.Equal(SaslMechanism.ScramSha512, config.SaslMechanism);
            Assert.Equal(SslEndpointIdentificationAlgorithm.Https, config.SslEndpointIdentificationAlgorithm);
            Assert.Equal(certs.CaFile, config.SslCaLocation);
        }
    }

    [Fact]
    public void Apply_sets_every_property_through_the_setter()
    {
        var config = new ProducerConfig { ClientId = "jaeger-collector" };

        KafkaClientConfig.Apply(Options.Mtls(certs), config.Set);

        Assert.Equal(certs.KeyFile("ingester"), config.SslKeyLocation);
        Assert.Equal(SecurityProtocol.Ssl, config.SecurityProtocol);
        Assert.Equal("jaeger-collector", config.ClientId);
    }

    [Fact]
    public void Every_call_returns_a_new_dictionary_because_confluent_configs_wrap_it()
    {
        var options = Options.Plaintext();

        Assert.NotSame(KafkaClientConfig.For(options), KafkaClientConfig.For(options));
    }
}
