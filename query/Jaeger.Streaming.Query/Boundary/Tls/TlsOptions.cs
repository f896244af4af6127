namespace Jaeger.Streaming.Query.Boundary.Tls;

/// <summary>
/// TLS, and optionally client certificates, on the API port (<c>Query:Port</c>, 16686). Bound from <c>Query:Tls</c>,
/// the same shape as the collector's <c>Collector:Tls</c>. The admin port stays plaintext for probes. Without a
/// certificate the API serves plaintext and a warning is logged at start, unless <see cref="RequireTls"/> refuses that.
/// </summary>
public sealed class TlsOptions
{
    public const string Section = "Query:Tls";

    /// <summary>PEM file with the server certificate, optionally followed by its intermediates. Empty: plaintext.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM file with the certificate's unencrypted private key (PKCS#8, PKCS#1 or SEC1).</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>
    /// How often a handshake may compare the files' write time and size and reload a rotated certificate, so renewal
    /// needs no restart. <c>00:00:00</c> checks on every handshake. Default 00:00:10.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>PEM bundle of the CAs that issue client certificates. Empty: no client certificate is asked for.</summary>
    public string ClientCaPath { get; set; } = "";

    /// <summary>Refuse clients without a certificate chaining to <see cref="ClientCaPath"/> (mTLS). Default false.</summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Refuse to start unless <see cref="CertificatePath"/> is set; for production profiles. Default false.</summary>
    public bool RequireTls { get; set; }

    internal bool Enabled => CertificatePath.Length > 0;
}
