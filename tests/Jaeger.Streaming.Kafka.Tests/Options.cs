using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>Builders for valid security settings, so each test states only what it changes.</summary>
internal static class Options
{
    public static KafkaConnectionOptions Plaintext() => new()
    {
        BootstrapServers = "localhost:9092",
        Security = { AllowPlaintext = true },
    };

    public static KafkaConnectionOptions Scram(TestCertificates certs, string user = "collector", string mechanism = KafkaSaslMechanism.ScramSha512) => new()
    {
        BootstrapServers = "broker:9094",
        Security =
        {
            Protocol = KafkaSecurityProtocol.SaslSsl,
            Tls = { CaFile = certs.CaFile },
            Sasl = { Mechanism = mechanism, Username = user, PasswordFile = certs.PasswordFile(user) },
        },
    };

    public static KafkaConnectionOptions Mtls(TestCertificates certs, string client = "ingester") => new()
    {
        BootstrapServers = "broker:9095",
        Security =
        {
            Protocol = KafkaSecurityProtocol.Ssl,
            Tls = { CaFile = certs.CaFile, CertificateFile = certs.CertificateFile(client), KeyFile = certs.KeyFile(client) },
        },
    };

    public static KafkaConnectionOptions Oidc(TestCertificates certs) => new()
    {
        BootstrapServers = "broker:9094",
        Security =
        {
            Protocol = KafkaSecurityProtocol.SaslSsl,
            Tls = { CaFile = certs.CaFile },
            Sasl =
            {
                Mechanism = KafkaSaslMechanism.OAuthBearer,
                OAuthBearer =
                {
                    TokenEndpointUrl = "https://idp.example.com/oauth2/token",
                    ClientId = "jaeger-collector",
                    ClientSecretFile = certs.WriteFile("client.secret", "oidc-client-secret\n"),
                },
            },
        },
    };

    public static IReadOnlyList<string> Failures(KafkaConnectionOptions options) => KafkaSecurityValidator.Validate(options);

    /// <summary>The one failure these settings produce; fails the test if there are none or several.</summary>
    public static string SingleFailure(KafkaConnectionOptions options) => Assert.Single(Failures(options));
}
