namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// JWT bearer tokens, bound from <c>Query:Authentication:Jwt</c>. Signing keys come either from an OIDC issuer
/// (<see cref="Authority"/>: discovery document, then its JWKS, refreshed when a token names an unknown key) or from
/// files (<see cref="SigningKeyPath"/> / <see cref="JwksPath"/>: no network at all, read again when they change). Signature, <c>exp</c>/<c>nbf</c>,
/// <c>iss</c> and <c>aud</c> are always checked; unsigned tokens are refused.
/// </summary>
public sealed class JwtOptions
{
    /// <summary>
    /// The OIDC issuer URL, e.g. <c>https://keycloak.example.com/realms/tracing</c>; its discovery document is read from
    /// <c>{Authority}/.well-known/openid-configuration</c> and tokens must carry its <c>issuer</c> as <c>iss</c>.
    /// </summary>
    public string Authority { get; set; } = "";

    /// <summary>The discovery document's URL when it is not under <see cref="Authority"/>. Optional.</summary>
    public string MetadataAddress { get; set; } = "";

    /// <summary>
    /// Fetch the discovery document and JWKS over plain HTTP, where anyone on the path could swap the signing keys.
    /// For local test issuers only; logged as a warning. Default false.
    /// </summary>
    public bool AllowHttpMetadata { get; set; }

    /// <summary>PEM public key (RSA or EC) that signs the tokens, instead of an <see cref="Authority"/>.</summary>
    public string SigningKeyPath { get; set; } = "";

    /// <summary>JWKS file (<c>{"keys":[…]}</c>) with the signing keys, instead of an <see cref="Authority"/>.</summary>
    public string JwksPath { get; set; } = "";

    /// <summary>Required <c>iss</c>. Required with key files; with an <see cref="Authority"/> the discovered issuer is used unless this is set.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Required <c>aud</c>: the client id or audience the issuer puts in tokens meant for this service. Required.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim naming the caller in the audit log. Default <c>sub</c>; <c>preferred_username</c> reads better with Keycloak.</summary>
    public string SubjectClaim { get; set; } = "sub";

    /// <summary>
    /// The claim holding the caller's roles, which <c>Query:Authorization:Roles</c> maps to tenants and services: a
    /// JSON array or a single string. A dotted path reads inside an object claim, e.g. Keycloak's
    /// <c>realm_access.roles</c>. Default <c>roles</c>.
    /// </summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>
    /// The claim naming the caller's tenant: the only source of the tenant a request reads. A token without it reads
    /// the <c>default</c> tenant. Default <c>tenant</c>.
    /// </summary>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>Allowed clock difference for <c>exp</c> and <c>nbf</c>. Default 00:00:30.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// With key files: how often a token's validation may check the file's write time and size; when they changed, the
    /// keys are read again without a restart. A file that does not load keeps the previous keys. Default 00:00:10.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    internal bool UsesKeyFiles => SigningKeyPath.Length > 0 || JwksPath.Length > 0;

    internal bool UsesDiscovery => Authority.Length > 0 || MetadataAddress.Length > 0;
}
