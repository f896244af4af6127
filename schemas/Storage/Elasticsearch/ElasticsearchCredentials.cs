namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// One way to authenticate: basic (<see cref="Username"/> and a password), an API key, or a bearer token. Each secret
/// comes from a file (preferred: a mounted secret; one trailing newline is ignored) or a value (an environment variable).
/// None set means anonymous, which start-up refuses unless <see cref="AllowAnonymous"/> says so.
/// </summary>
public sealed class ElasticsearchCredentials
{
    public string? Username { get; set; }

    public string? Password { get; set; }

    public string? PasswordFile { get; set; }

    /// <summary>The encoded API key as Elasticsearch returns it (<c>encoded</c>), sent as <c>Authorization: ApiKey …</c>.</summary>
    public string? ApiKey { get; set; }

    public string? ApiKeyFile { get; set; }

    /// <summary>An OAuth/JWT token, sent as <c>Authorization: Bearer …</c>.</summary>
    public string? BearerToken { get; set; }

    public string? BearerTokenFile { get; set; }

    /// <summary>Connects without credentials (a cluster with security off). Logged as a warning at start.</summary>
    public bool AllowAnonymous { get; set; }

    public override string ToString() =>
        $"Username={Username}, Password={Hide(Password)}, PasswordFile={PasswordFile}, ApiKey={Hide(ApiKey)}, ApiKeyFile={ApiKeyFile}, " +
        $"BearerToken={Hide(BearerToken)}, BearerTokenFile={BearerTokenFile}, AllowAnonymous={AllowAnonymous}";

    private static string Hide(string? secret) => string.IsNullOrEmpty(secret) ? "" : "***";
}
