using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// Validates JWT bearer tokens (signature, <c>exp</c>/<c>nbf</c>, issuer, audience) and reads the producer from their
/// claims. Unsigned tokens are refused, and only the configured keys are trusted.
/// </summary>
internal sealed class JwtTokens
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly JwtOptions _options;

    public JwtTokens(JwtOptions options)
    {
        _options = options;
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKeys = LoadKeys(options),
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = options.ClockSkew,
        };
    }

    /// <summary>The keys from <see cref="JwtOptions.SigningKeyPath"/> (PEM, EC or RSA) or <see cref="JwtOptions.JwksPath"/>.</summary>
    internal static IList<SecurityKey> LoadKeys(JwtOptions options)
    {
        if (options.JwksPath.Length > 0)
        {
            return new JsonWebKeySet(File.ReadAllText(options.JwksPath)).GetSigningKeys();
        }

        // "PUBLIC KEY" PEM serves EC and RSA alike, so try EC, then RSA.
        var pem = File.ReadAllText(options.SigningKeyPath);
        var ec = ECDsa.Create();
        try
        {
            ec.ImportFromPem(pem);
            return [new ECDsaSecurityKey(ec)];
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            ec.Dispose();
        }

        var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        return [new RsaSecurityKey(rsa)];
    }

    /// <summary>The producer a valid token names; null for an invalid, expired or tenant-less token.</summary>
    public async ValueTask<Producer?> AuthenticateAsync(string token)
    {
        var result = await _handler.ValidateTokenAsync(token, _parameters).ConfigureAwait(false);
        if (!result.IsValid || result.ClaimsIdentity.FindFirst(_options.TenantClaim)?.Value is not { Length: > 0 } tenant)
        {
            return null;
        }

        HashSet<string>? services = null;
        foreach (var claim in result.ClaimsIdentity.FindAll(_options.ServicesClaim))
        {
            services ??= new HashSet<string>(StringComparer.Ordinal);
            foreach (var service in claim.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            {
                services.Add(service);
            }
        }

        return new Producer(tenant, services);
    }
}
