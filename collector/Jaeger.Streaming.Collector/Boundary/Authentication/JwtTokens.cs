using System.Security.Cryptography;
using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// Validates JWT bearer tokens (signature, <c>exp</c>/<c>nbf</c>, issuer, audience) and reads the producer from their
/// claims. Unsigned tokens are refused, and only the configured keys are trusted. The key file is read again when it
/// changes (<see cref="JwtOptions.ReloadInterval"/>), so an issuer's key rotation needs no restart.
/// </summary>
internal sealed class JwtTokens
{
    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly JwtOptions _options;

    public JwtTokens(JwtOptions options, TimeProvider time, ILogger logger)
    {
        _options = options;
        var keys = new ReloadingFiles<IList<SecurityKey>>(
            "the JWT signing keys",
            [options.JwksPath.Length > 0 ? options.JwksPath : options.SigningKeyPath],
            () => LoadKeys(options),
            loaded => $"{loaded.Count} signing key(s)",
            options.ReloadInterval,
            time,
            logger);
        _parameters = new TokenValidationParameters
        {
            ValidIssuer = options.Issuer,
            ValidAudience = options.Audience,
            IssuerSigningKeyResolver = (_, _, _, _) => keys.Current,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            ClockSkew = options.ClockSkew,
        };
    }

    /// <summary>
    /// The keys from <see cref="JwtOptions.SigningKeyPath"/> (PEM, EC or RSA) or <see cref="JwtOptions.JwksPath"/>;
    /// throws <see cref="InvalidDataException"/> for a JWKS without a signing key, so a reload never leaves none.
    /// </summary>
    internal static IList<SecurityKey> LoadKeys(JwtOptions options)
    {
        if (options.JwksPath.Length > 0)
        {
            var keys = new JsonWebKeySet(File.ReadAllText(options.JwksPath)).GetSigningKeys();
            return keys.Count > 0 ? keys : throw new InvalidDataException("it holds no key usable for signatures");
        }

        return [PublicKeyPem.Load(options.SigningKeyPath) switch
        {
            ECDsa ec => new ECDsaSecurityKey(ec),
            RSA rsa => new RsaSecurityKey(rsa),
            var other => throw new CryptographicException($"unexpected key type {other.GetType().Name}"),
        }];
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
