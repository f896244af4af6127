namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// Logging in from the UI with the OIDC issuer of <c>Query:Authentication:Jwt:Authority</c> (authorization code with
/// PKCE), bound from <c>Query:Ui:Login</c>. Off unless <see cref="ClientId"/> is set; the token form stays either way.
/// </summary>
public sealed class BrowserLoginOptions
{
    public const string Section = "Query:Ui:Login";

    /// <summary>
    /// The issuer's client for this UI: a public client (no secret) that allows the authorization code flow with PKCE
    /// and the redirect URI <c>https://{query host}/login-callback</c>, and whose tokens carry the audience
    /// <c>Query:Authentication:Jwt:Audience</c>. Empty: no login button.
    /// </summary>
    public string ClientId { get; set; } = "";

    /// <summary>The scopes asked for, space-separated. Default <c>openid</c>.</summary>
    public string Scopes { get; set; } = "openid";

    /// <summary>
    /// Code exchanges one client address may ask for per minute, each a request to the issuer's token endpoint on the
    /// caller's behalf; beyond it, 429 with Retry-After. A user's login is one exchange. Default 10.
    /// </summary>
    public int ExchangesPerMinute { get; set; } = 10;

    internal bool Enabled => ClientId.Length > 0;
}
