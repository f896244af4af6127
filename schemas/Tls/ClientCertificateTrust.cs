using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Jaeger.Streaming.Schemas.Secrets;

namespace Jaeger.Streaming.Schemas.Tls;

/// <summary>
/// Trusts client certificates that chain to the configured CA bundle and carry the client-auth purpose, and only those.
/// Kestrel would otherwise check them against the system roots and refuse even a good one, or accept one from any public CA.
/// </summary>
/// <param name="authorities">The CAs that issue client certificates, from a bundle read again when it changes (a CA rotated in).</param>
public sealed class ClientCertificateTrust(ReloadingFiles<X509Certificate2Collection> authorities)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    /// <summary>The CA certificates of a PEM bundle file; throws <see cref="InvalidDataException"/> when it holds none.</summary>
    public static X509Certificate2Collection LoadBundle(string path)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(path);
        return bundle.Count > 0 ? bundle : throw new InvalidDataException("it holds no certificate");
    }

    /// <summary>Kestrel's <c>ClientCertificateValidation</c>: Kestrel's own chain and errors are for the system roots, so they are ignored.</summary>
    public bool Validate(X509Certificate2 certificate, X509Chain? systemChain, SslPolicyErrors systemErrors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities.Current);

        // Private CAs rarely publish revocation lists; rotation with short-lived certificates is the expected control.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        return chain.Build(certificate);
    }
}
