namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>SASL authentication (<c>Kafka:Security:Sasl</c>).</summary>
public sealed class KafkaSaslOptions
{
    /// <summary><c>sasl.mechanism</c>: PLAIN, SCRAM-SHA-256, SCRAM-SHA-512 or OAUTHBEARER. Required with a SASL protocol.</summary>
    public string? Mechanism { get; set; }

    /// <summary>The principal's name for PLAIN and SCRAM (<c>sasl.username</c>).</summary>
    public string? Username { get; set; }

    /// <summary>The password for PLAIN and SCRAM (<c>sasl.password</c>). Secret: prefer <see cref="PasswordFile"/>.</summary>
    public string? Password { get; set; }

    /// <summary>File holding the password; one trailing newline is ignored.</summary>
    public string? PasswordFile { get; set; }

    /// <summary>OIDC client credentials for OAUTHBEARER (<c>Kafka:Security:Sasl:OAuthBearer</c>).</summary>
    public KafkaOAuthBearerOptions OAuthBearer { get; set; } = new();

    /// <summary>Describes the settings without any secret, so it is safe to log.</summary>
    public override string ToString() =>
        $"Mechanism={Mechanism}, Username={Username}, Password={SecretSource.Describe(Password)}, PasswordFile={PasswordFile}, OAuthBearer=({OAuthBearer})";
}
