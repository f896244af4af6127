namespace Jaeger.Streaming.Schemas.Tls;

/// <summary>
/// TLS, and optionally client certificates (mTLS), on a service's public listeners; admin ports stay plaintext for
/// probes. One shape for every service, bound from its own section (<c>Collector:Tls</c>, <c>Query:Tls</c>). Without a
/// certificate the listeners serve plaintext and a warning is logged at start, unless <see cref="RequireTls"/> refuses that.
/// </summary>
public sealed class ListenerTlsOptions
{
    /// <summary>PEM file with the server certificate, optionally followed by its intermediates. Empty: no TLS.</summary>
    public string CertificatePath { get; set; } = "";

    /// <summary>PEM file with the certificate's private key (PKCS#8, PKCS#1 or SEC1, unencrypted).</summary>
    public string KeyPath { get; set; } = "";

    /// <summary>
    /// How often the certificate and key files, and the client CA bundle, are checked for changes, so a rotated
    /// certificate or CA is used without a restart. The check is a file-time comparison done on a handshake at most this
    /// often; <c>00:00:00</c> checks on every handshake. Default 00:00:10.
    /// </summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>PEM bundle of the CAs whose client certificates are trusted. Empty: client certificates are not asked for.</summary>
    public string ClientCaPath { get; set; } = "";

    /// <summary>
    /// Refuse a client without a certificate chaining to <see cref="ClientCaPath"/> (mTLS). Default false; with a
    /// bundle and this false, a certificate is asked for, checked when sent, and not required.
    /// </summary>
    public bool RequireClientCertificate { get; set; }

    /// <summary>Refuse to start unless <see cref="CertificatePath"/> is set: for production profiles. Default false.</summary>
    public bool RequireTls { get; set; }

    internal bool Enabled => CertificatePath.Length > 0;
}
