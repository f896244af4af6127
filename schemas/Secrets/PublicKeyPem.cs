using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jaeger.Streaming.Schemas.Secrets;

/// <summary>A PEM public key file, EC or RSA: the key that verifies JWTs.</summary>
public static class PublicKeyPem
{
    /// <summary>
    /// The key in <paramref name="path"/>: a "PUBLIC KEY" block (a SubjectPublicKeyInfo, which names its algorithm) or an
    /// "RSA PUBLIC KEY" block. A private key is refused: a verifier has no business holding one.
    /// </summary>
    /// <exception cref="CryptographicException">The file holds no such block, or a key that is neither EC nor RSA.</exception>
    public static AsymmetricAlgorithm Load(string path)
    {
        var pem = File.ReadAllText(path);
        if (!PemEncoding.TryFind(pem, out var block))
        {
            throw new CryptographicException("the file holds no PEM block");
        }

        var label = pem[block.Label];
        var der = Convert.FromBase64String(pem[block.Base64Data]);
        switch (label)
        {
            case "PUBLIC KEY":
                var key = PublicKey.CreateFromSubjectPublicKeyInfo(der, out _);
                return key.GetECDsaPublicKey() as AsymmetricAlgorithm
                    ?? key.GetRSAPublicKey()
                    ?? throw new CryptographicException($"the key is neither EC nor RSA ({key.Oid.FriendlyName})");
            case "RSA PUBLIC KEY":
                var rsa = RSA.Create();
                rsa.ImportRSAPublicKey(der, out _);
                return rsa;
            default:
                throw new CryptographicException($"the PEM block is a '{label}', not a 'PUBLIC KEY'; give the issuer's public key only");
        }
    }
}
