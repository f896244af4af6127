namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>
/// OAUTHBEARER through librdkafka's built-in OIDC client-credentials flow (<c>sasl.oauthbearer.method=oidc</c>):
/// the client fetches and refreshes its own tokens from the identity provider (<c>Kafka:Security:Sasl:OAuthBearer</c>).
/// </summary>
public sealed class KafkaOAuthBearerOptions
{
    /// <summary>The identity provider's token endpoint (<c>sasl.oauthbearer.token.endpoint.url</c>). Must be https.</summary>
    public string? TokenEndpointUrl { get; set; }

    /// <summary>The OAuth client id (<c>sasl.oauthbearer.client.id</c>).</summary>
    public string? ClientId { get; set; }

    /// <summary>The OAuth client secret (<c>sasl.oauthbearer.client.secret</c>). Secret: prefer <see cref="ClientSecretFile"/>.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>File holding the client secret; one trailing newline is ignored.</summary>
    public string? ClientSecretFile { get; set; }

    /// <summary>Optional space-separated scopes to request (<c>sasl.oauthbearer.scope</c>).</summary>
    public string? Scope { get; set; }

    /// <summary>Describes the settings without any secret, so it is safe to log.</summary>
    public override string ToString() =>
        $"TokenEndpointUrl={TokenEndpointUrl}, ClientId={ClientId}, ClientSecret={SecretSource.Describe(ClientSecret)}, " +
        $"ClientSecretFile={ClientSecretFile}, Scope={Scope}";
}
