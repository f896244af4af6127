namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// Producer authentication on both OTLP listeners. Bound from <c>Collector:Authentication</c>. Off unless
/// <see cref="Credentials"/> lists at least one or <see cref="Jwt"/> has a key; then every export needs <c>Authorization: Bearer &lt;token&gt;</c>
/// or <c>X-API-Key: &lt;token&gt;</c> (gRPC: the same metadata).
/// </summary>
public sealed class AuthenticationOptions
{
    public const string Section = "Collector:Authentication";

    /// <summary>The accepted credentials: <c>Collector:Authentication:Credentials:0:TokenPath</c>, <c>…:Tenant</c>, <c>…:Services:0</c>.</summary>
    public List<ProducerCredential> Credentials { get; set; } = [];

    /// <summary>
    /// How often a request may check the token files' write times and sizes; when they changed, the tokens are read
    /// again without a restart. A file that does not load keeps the previous tokens. Default 00:00:10.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>JWT bearer tokens, accepted next to the static credentials.</summary>
    public JwtOptions Jwt { get; set; } = new();

    internal bool Enabled => Credentials.Count > 0 || Jwt.Enabled;
}

/// <summary>One static bearer token or API key, and what it may write.</summary>
public sealed class ProducerCredential
{
    /// <summary>
    /// File holding the token, or several, one per line (surrounding whitespace ignored), so the secret stays out of
    /// configuration and logs. Read again when it changes.
    /// </summary>
    public string TokenPath { get; set; } = "";

    /// <summary>The tenant its spans belong to: written to each Kafka record's <c>x-tenant</c> header. Required.</summary>
    public string Tenant { get; set; } = "";

    /// <summary>The <c>service.name</c> values it may write; spans of other services are rejected in partial success. Empty: any.</summary>
    public List<string> Services { get; set; } = [];
}
