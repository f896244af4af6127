namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>
/// How a Kafka client proves who it is and protects the connection (<c>Kafka:Security</c>). Values follow Kafka's own
/// names (<c>SASL_SSL</c>, <c>SCRAM-SHA-512</c>) so that broker documentation applies unchanged.
/// Secrets come from a file (<c>...File</c>) or an environment-provided value, never both, and are never logged.
/// </summary>
public sealed class KafkaSecurityOptions
{
    /// <summary>
    /// <c>security.protocol</c>: PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL. Defaults to PLAINTEXT, which like
    /// SASL_PLAINTEXT is refused unless <see cref="AllowPlaintext"/> is true.
    /// </summary>
    public string Protocol { get; set; } = KafkaSecurityProtocol.Plaintext;

    /// <summary>
    /// Accepts an unencrypted connection (PLAINTEXT or SASL_PLAINTEXT): spans, and with SASL PLAIN the password,
    /// cross the network readable by anyone on the path. Meant for loopback brokers such as the all-in-one's
    /// embedded cluster. Logged as a warning at start.
    /// </summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>TLS settings, used when <see cref="Protocol"/> is SSL or SASL_SSL (<c>Kafka:Security:Tls</c>).</summary>
    public KafkaTlsOptions Tls { get; set; } = new();

    /// <summary>SASL settings, used when <see cref="Protocol"/> is SASL_PLAINTEXT or SASL_SSL (<c>Kafka:Security:Sasl</c>).</summary>
    public KafkaSaslOptions Sasl { get; set; } = new();

    /// <summary>Describes the settings without any secret, so it is safe to log.</summary>
    public override string ToString() => $"Protocol={Protocol}, AllowPlaintext={AllowPlaintext}, Tls=({Tls}), Sasl=({Sasl})";
}
