using System.Security.Cryptography;
using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>Signing keys from <see cref="JwtOptions.SigningKeyPath"/> (a PEM public key) or <see cref="JwtOptions.JwksPath"/> (a JWKS).</summary>
internal static class SigningKeys
{
    /// <summary>The keys; throws <see cref="InvalidDataException"/> for a JWKS without a signing key, so a reload never leaves none.</summary>
    public static IList<SecurityKey> Load(JwtOptions jwt)
    {
        if (jwt.JwksPath.Length > 0)
        {
            var keys = new JsonWebKeySet(File.ReadAllText(jwt.JwksPath)).GetSigningKeys();
            return keys.Count > 0 ? keys : throw new InvalidDataException("it holds no key usable for signatures");
        }

        return [PublicKeyPem.Load(jwt.SigningKeyPath) switch
        {
            ECDsa ec => new ECDsaSecurityKey(ec),
            RSA rsa => new RsaSecurityKey(rsa),
            var other => throw new CryptographicException($"unexpected key type {other.GetType().Name}"),
        }];
    }

    /// <summary>The keys of <paramref name="jwt"/>'s file, read again when it changes.</summary>
    public static ReloadingFiles<IList<SecurityKey>> Reloading(JwtOptions jwt, TimeProvider time, ILogger logger) => new(
        "the JWT signing keys",
        [jwt.JwksPath.Length > 0 ? jwt.JwksPath : jwt.SigningKeyPath],
        () => Load(jwt),
        loaded => $"{loaded.Count} signing key(s)",
        jwt.ReloadInterval,
        time,
        logger);
}
