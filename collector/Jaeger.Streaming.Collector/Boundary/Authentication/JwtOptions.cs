namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// JWT bearer tokens as producer credentials, bound from <c>Collector:Authentication:Jwt</c>. Off unless a key source
/// is set: an OIDC issuer (<see cref="Authority"/>: its discovery document, then its JWKS, fetched again when a token
/// names an unknown key), a static public key or a JWKS file (no network at all; a mounted, rotated secret, read again
/// when it changes).
/// </summary>
public sealed class JwtOptions
{
    /// <summary>
    /// The OIDC issuer URL (a Kubernetes cluster's service-account issuer, Keycloak, Entra ID…); the discovery document
    /// is read from <c>{Authority}/.well-known/openid-configuration</c>. One of this, <see cref="SigningKeyPath"/> and
    /// <see cref="JwksPath"/>.
    /// </summary>
    public string Authority { get; set; } = "";

    /// <summary>The discovery document's URL when it is not under <see cref="Authority"/>. Optional.</summary>
    public string MetadataAddress { get; set; } = "";

    /// <summary>
    /// Fetch the discovery document and JWKS over plain HTTP, where anyone on the path could swap the signing keys.
    /// For local test issuers only; logged as a warning at start. Default false.
    /// </summary>
    public bool AllowHttpMetadata { get; set; }

    /// <summary>PEM public key (RSA or EC) that signs the tokens. One of this, <see cref="JwksPath"/> and <see cref="Authority"/>.</summary>
    public string SigningKeyPath { get; set; } = "";

    /// <summary>JWKS JSON file (<c>{"keys":[…]}</c>) with the signing keys. One of this, <see cref="SigningKeyPath"/> and <see cref="Authority"/>.</summary>
    public string JwksPath { get; set; } = "";

    /// <summary>Required <c>iss</c>. Required with key files; with an <see cref="Authority"/> the discovered issuer is used unless this is set.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Required <c>aud</c>. Required.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim naming the tenant. Required in every token. Default <c>tenant</c>.</summary>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>
    /// The claim listing the <c>service.name</c> values the token may write (a JSON array or a space-separated string).
    /// A token without it may write any service. Default <c>services</c>.
    /// </summary>
    public string ServicesClaim { get; set; } = "services";

    /// <summary>Allowed clock difference for <c>exp</c> and <c>nbf</c>. Default 00:00:30.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often a token's validation may check the key file's write time and size; when they changed, the keys are
    /// read again without a restart. A file that does not load keeps the previous keys. Default 00:00:10.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    internal bool UsesKeyFiles => SigningKeyPath.Length > 0 || JwksPath.Length > 0;

    internal bool UsesDiscovery => Authority.Length > 0 || MetadataAddress.Length > 0;

    internal bool Enabled => UsesKeyFiles || UsesDiscovery;

    /// <summary>Where the discovery document is read from.</summary>
    internal string DiscoveryAddress => MetadataAddress.Length > 0 ? MetadataAddress : Authority.TrimEnd('/') + "/.well-known/openid-configuration";
}
