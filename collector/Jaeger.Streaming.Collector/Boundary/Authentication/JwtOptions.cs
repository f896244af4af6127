namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// JWT bearer tokens as producer credentials, validated against a static public key or a JWKS file. Bound from
/// <c>Collector:Authentication:Jwt</c>. Off unless a key source is set. Keys come from files, so no network fetch
/// can stall or be spoofed at start; a JWKS is typically a mounted, rotated secret, read again when it changes.
/// </summary>
public sealed class JwtOptions
{
    /// <summary>PEM public key (RSA or EC) that signs the tokens. One of this and <see cref="JwksPath"/>.</summary>
    public string SigningKeyPath { get; set; } = "";

    /// <summary>JWKS JSON file (<c>{"keys":[…]}</c>) with the signing keys. One of this and <see cref="SigningKeyPath"/>.</summary>
    public string JwksPath { get; set; } = "";

    /// <summary>Required <c>iss</c>. Required.</summary>
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

    internal bool Enabled => SigningKeyPath.Length > 0 || JwksPath.Length > 0;
}
