namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>TLS to the brokers (<c>Kafka:Security:Tls</c>): whom to trust, and the client certificate for mTLS.</summary>
public sealed class KafkaTlsOptions
{
    /// <summary>PEM bundle of the CA certificates that sign the brokers' certificates (<c>ssl.ca.location</c>).</summary>
    public string? CaFile { get; set; }

    /// <summary>
    /// Trusts the operating system's CA store instead of <see cref="CaFile"/> (<c>ssl.ca.location=probe</c>).
    /// Off by default, so that trusting every public CA is a decision rather than an accident.
    /// </summary>
    public bool UseSystemTrustStore { get; set; }

    /// <summary>
    /// Checks that the broker's certificate names the host connected to
    /// (<c>ssl.endpoint.identification.algorithm=https</c>). On by default; turning it off also needs
    /// <see cref="AllowInsecureSkipHostnameVerification"/>.
    /// </summary>
    public bool VerifyHostname { get; set; } = true;

    /// <summary>
    /// Acknowledges that with <see cref="VerifyHostname"/> off, any certificate from the trusted CA is accepted for
    /// any broker, so a stolen client-side certificate can impersonate the cluster. Logged as a warning at start.
    /// </summary>
    public bool AllowInsecureSkipHostnameVerification { get; set; }

    /// <summary>PEM client certificate for mTLS (<c>ssl.certificate.location</c>). Needs <see cref="KeyFile"/>.</summary>
    public string? CertificateFile { get; set; }

    /// <summary>PEM private key of <see cref="CertificateFile"/> (<c>ssl.key.location</c>).</summary>
    public string? KeyFile { get; set; }

    /// <summary>Password of an encrypted <see cref="KeyFile"/> (<c>ssl.key.password</c>). Secret: prefer <see cref="KeyPasswordFile"/>.</summary>
    public string? KeyPassword { get; set; }

    /// <summary>File holding the key password; one trailing newline is ignored.</summary>
    public string? KeyPasswordFile { get; set; }

    /// <summary>Describes the settings without any secret, so it is safe to log.</summary>
    public override string ToString() =>
        $"CaFile={CaFile}, UseSystemTrustStore={UseSystemTrustStore}, VerifyHostname={VerifyHostname}, " +
        $"AllowInsecureSkipHostnameVerification={AllowInsecureSkipHostnameVerification}, CertificateFile={CertificateFile}, " +
        $"KeyFile={KeyFile}, KeyPassword={SecretSource.Describe(KeyPassword)}, KeyPasswordFile={KeyPasswordFile}";
}
