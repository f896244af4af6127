using System.Security.Cryptography.X509Certificates;
using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Schemas.Tls;

/// <summary>
/// The server certificate from PEM files, reloaded when the files change (<see cref="ReloadingFiles{T}"/>) so rotation
/// needs no restart. A certificate and key caught half-written keep the old certificate.
/// </summary>
public sealed class ReloadingServerCertificate : IDisposable
{
    private readonly ReloadingFiles<X509Certificate2> _files;

    /// <summary>Loads the certificate of <paramref name="options"/>; the files must have passed <see cref="ListenerTlsOptionsValidator"/>.</summary>
    public ReloadingServerCertificate(ListenerTlsOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _files = new ReloadingFiles<X509Certificate2>(
            "the server certificate",
            [options.CertificatePath, options.KeyPath],
            () => Load(options.CertificatePath, options.KeyPath),
            certificate => $"{certificate.Subject}, valid until {certificate.NotAfter.ToUniversalTime():o}",
            options.ReloadInterval,
            time,
            logger);
    }

    /// <summary>Kestrel's <c>ServerCertificateSelector</c>: the current certificate, reloaded first if the files changed.</summary>
    public X509Certificate2 Current => _files.Current;

    /// <inheritdoc/>
    /// <remarks>Only the last certificate: one it replaced may still be held by a handshake in flight, so the GC finalizes those.</remarks>
    public void Dispose() => _files.Loaded.Dispose();

    private static X509Certificate2 Load(string certificatePath, string keyPath)
    {
        using var ephemeral = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);

        // A PKCS#12 round trip gives the key a form SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }
}
