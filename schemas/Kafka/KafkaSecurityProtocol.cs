namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>The values of <c>Kafka:Security:Protocol</c>, spelled as Kafka and librdkafka spell them.</summary>
public static class KafkaSecurityProtocol
{
    public const string Plaintext = "PLAINTEXT";
    public const string Ssl = "SSL";
    public const string SaslPlaintext = "SASL_PLAINTEXT";
    public const string SaslSsl = "SASL_SSL";

    internal static readonly string[] All = [Plaintext, Ssl, SaslPlaintext, SaslSsl];

    /// <summary>The protocol in its canonical spelling, or null when it is not one of <see cref="All"/>.</summary>
    internal static string? Normalize(string? protocol) => CanonicalName.Find(All, protocol);

    internal static bool UsesTls(string protocol) => protocol is Ssl or SaslSsl;

    internal static bool UsesSasl(string protocol) => protocol is SaslPlaintext or SaslSsl;
}
