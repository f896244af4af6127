using System.Net.Security;
using System.Security.Cryptography.X509Certificates;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>The HTTP handler the client talks through: TLS trust, hostname verification and the mTLS certificate.</summary>
public static class ElasticsearchHttpHandler
{
    public static SocketsHttpHandler Create(ElasticsearchTlsOptions tls)
    {
        ArgumentNullException.ThrowIfNull(tls);
        var handler = new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            AutomaticDecompression = System.Net.DecompressionMethods.All,
        };

        var authorities = string.IsNullOrWhiteSpace(tls.CaFile) ? null : LoadBundle(tls.CaFile);
        var insecure = tls.AllowInsecureSkipCertificateVerification;
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
            insecure || Trusted(certificate, chain, errors, authorities);

        if (!string.IsNullOrWhiteSpace(tls.CertificateFile) && !string.IsNullOrWhiteSpace(tls.KeyFile))
        {
            handler.SslOptions.ClientCertificates = [X509Certificate2.CreateFromPemFile(tls.CertificateFile, tls.KeyFile)];
        }

        return handler;
    }

    /// <summary>
    /// Hostname verification always applies; the chain must end at one of <paramref name="authorities"/> when given
    /// (and only at them), otherwise at a system root.
    /// </summary>
    internal static bool Trusted(X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors, X509Certificate2Collection? authorities)
    {
        if (certificate is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch) || errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable))
        {
            return false;
        }

        if (authorities is null)
        {
            return errors == SslPolicyErrors.None;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (presented is not null)
        {
            foreach (var element in presented.ChainElements)
            {
                chain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        using var leaf = new X509Certificate2(certificate);
        return chain.Build(leaf);
    }

    private static X509Certificate2Collection LoadBundle(string path)
    {
        var bundle = new X509Certificate2Collection();
        bundle.ImportFromPemFile(path);
        return bundle;
    }
}
