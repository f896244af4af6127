namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>The values of <c>Kafka:Security:Sasl:Mechanism</c>, spelled as Kafka and librdkafka spell them.</summary>
public static class KafkaSaslMechanism
{
    public const string Plain = "PLAIN";
    public const string ScramSha256 = "SCRAM-SHA-256";
    public const string ScramSha512 = "SCRAM-SHA-512";
    public const string OAuthBearer = "OAUTHBEARER";

    internal static readonly string[] All = [Plain, ScramSha256, ScramSha512, OAuthBearer];

    /// <summary>The mechanism in its canonical spelling, or null when it is not one of <see cref="All"/>.</summary>
    internal static string? Normalize(string? mechanism) => CanonicalName.Find(All, mechanism);

    internal static bool UsesPassword(string mechanism) => mechanism is not OAuthBearer;

}
