namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>TLS to the cluster (<c>Storage:Elasticsearch:Tls</c>): whom to trust, and the client certificate for mTLS.</summary>
public sealed class ElasticsearchTlsOptions
{
    /// <summary>
    /// PEM bundle of the CA certificates that sign the nodes' certificates. Only these are trusted. Without it, the
    /// operating system's CAs are.
    /// </summary>
    public string? CaFile { get; set; }

    /// <summary>PEM client certificate for mTLS. Needs <see cref="KeyFile"/>.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key (unencrypted PKCS#8 or PKCS#1/SEC1) of <see cref="CertificateFile"/>.</summary>
    public string? KeyFile { get; set; }

    /// <summary>
    /// Accepts any certificate from any server, so anyone on the path can read and alter spans and steal the credential.
    /// For throwaway test clusters only; logged as a warning at start.
    /// </summary>
    public bool AllowInsecureSkipCertificateVerification { get; set; }

    public override string ToString() =>
        $"CaFile={CaFile}, CertificateFile={CertificateFile}, KeyFile={KeyFile}, " +
        $"AllowInsecureSkipCertificateVerification={AllowInsecureSkipCertificateVerification}";
}
