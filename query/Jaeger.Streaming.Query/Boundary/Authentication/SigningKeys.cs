using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>Signing keys from <see cref="JwtOptions.SigningKeyPath"/> (a PEM public key) or <see cref="JwtOptions.JwksPath"/> (a JWKS).</summary>
internal static class SigningKeys
{
    public static IList<SecurityKey> Load(JwtOptions jwt)
    {
        if (jwt.JwksPath.Length > 0)
        {
            return new JsonWebKeySet(File.ReadAllText(jwt.JwksPath)).GetSigningKeys();
        }

        // A "PUBLIC KEY" block is a SubjectPublicKeyInfo, which names its own algorithm.
        var pem = File.ReadAllText(jwt.SigningKeyPath);
        var block = PemEncoding.Find(pem);
        var key = PublicKey.CreateFromSubjectPublicKeyInfo(Convert.FromBase64String(pem[block.Base64Data]), out _);
        SecurityKey signing = key.GetECDsaPublicKey() is { } ec ? new ECDsaSecurityKey(ec)
            : key.GetRSAPublicKey() is { } rsa ? new RsaSecurityKey(rsa)
            : throw new CryptographicException($"the key is neither EC nor RSA ({key.Oid.FriendlyName})");
        return [signing];
    }
}
