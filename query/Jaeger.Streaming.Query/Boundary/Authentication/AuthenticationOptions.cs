namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// Who may call the query API (port 16686), bound from <c>Query:Authentication</c>. <see cref="Mode"/> has no
/// default: the service refuses to start until it is chosen, so an unauthenticated API is always a deliberate choice.
/// </summary>
public sealed class AuthenticationOptions
{
    public const string Section = "Query:Authentication";

    /// <summary>
    /// <c>jwt</c> (bearer JWTs, see <see cref="Jwt"/>), <c>tokens</c> (static API tokens, see <see cref="Tokens"/>),
    /// <c>jwt,tokens</c> (either), or <c>none</c>: anyone reaching the port reads every trace of the default tenant,
    /// with a warning at start. Required.
    /// </summary>
    public string Mode { get; set; } = "";

    /// <summary>JWT bearer validation: an OIDC issuer's discovery document and JWKS, or static keys.</summary>
    public JwtOptions Jwt { get; set; } = new();

    /// <summary>Static API tokens for automation, each read from a file.</summary>
    public List<StaticTokenOptions> Tokens { get; set; } = [];

    /// <summary>
    /// How often a request may check the token files' write times and sizes; when they changed, the tokens are read
    /// again without a restart. A file that does not load keeps the previous tokens. Default 00:00:10.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    internal AuthenticationModes Modes => AuthenticationModeNames.TryParse(Mode, out var modes, out _) ? modes : AuthenticationModes.None;
}
