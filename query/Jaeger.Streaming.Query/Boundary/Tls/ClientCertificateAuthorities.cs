using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Jaeger.Streaming.Query.Boundary.Tls;

/// <summary>
/// Accepts client certificates that chain to the configured CA bundle and carry the client-auth purpose, nothing else.
/// Kestrel's own verdict is against the system roots, which would refuse a private CA and accept any public one.
/// </summary>
internal sealed class ClientCertificateAuthorities(X509Certificate2Collection bundle)
{
    private static readonly Oid ClientAuth = new("1.3.6.1.5.5.7.3.2");

    public static X509Certificate2Collection Load(string path)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(path);
        return bundle;
    }

    public bool Trusts(X509Certificate2 certificate, X509Chain? systemChain, SslPolicyErrors systemErrors)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(bundle);
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuth);

        // Private CAs seldom publish CRLs; short-lived certificates and rotation are the control instead.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }
}
