using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Schemas.Tls;

/// <summary>
/// Puts TLS (and mTLS when configured) on a service's Kestrel listeners, or warns that a listener serves plaintext.
/// One instance per service: its listeners share the reloading certificate and the client-certificate trust.
/// </summary>
public sealed partial class ListenerTls : IDisposable
{
    private readonly ListenerTlsOptions _options;
    private readonly string _section;
    private readonly ILogger _logger;
    private readonly ReloadingServerCertificate? _certificate;
    private readonly ClientCertificateTrust? _clientTrust;

    /// <summary>Loads the certificate and client CA bundle of validated <paramref name="options"/>.</summary>
    /// <param name="options">The service's validated TLS options.</param>
    /// <param name="section">The section they were bound from (<c>Collector:Tls</c>), named in the plaintext warning.</param>
    /// <param name="time">The clock for the certificate's reload interval.</param>
    /// <param name="logger">Where the plaintext warning and certificate reloads are logged.</param>
    public ListenerTls(ListenerTlsOptions options, string section, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_options, _section, _logger) = (options, section, logger);
        if (options.Enabled)
        {
            _certificate = new ReloadingServerCertificate(options, time, logger);
            _clientTrust = options.ClientCaPath.Length > 0
                ? new ClientCertificateTrust(new ReloadingFiles<X509Certificate2Collection>(
                    "the client CA bundle",
                    [options.ClientCaPath],
                    () => ClientCertificateTrust.LoadBundle(options.ClientCaPath),
                    bundle => $"{bundle.Count} CA certificate(s)",
                    options.ReloadInterval,
                    time,
                    logger))
                : null;
        }
    }

    /// <summary>Whether listeners get HTTPS: a certificate is configured.</summary>
    public bool Enabled => _certificate is not null;

    /// <summary>
    /// Configures HTTPS on <paramref name="listen"/>, or logs that <paramref name="listener"/> (<c>OTLP gRPC</c>) serves
    /// plaintext and what crosses the network unencrypted then (<paramref name="carries"/>).
    /// </summary>
    public void Apply(ListenOptions listen, string listener, string carries = "spans and credentials")
    {
        ArgumentNullException.ThrowIfNull(listen);
        if (_certificate is null)
        {
            LogPlaintext(_logger, listener, listen.IPEndPoint?.Port ?? 0, carries, _section);
            return;
        }

        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => _certificate.Current,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = _clientTrust is null ? ClientCertificateMode.NoCertificate
                : _options.RequireClientCertificate ? ClientCertificateMode.RequireCertificate
                : ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = _clientTrust is null ? null : _clientTrust.Validate,
        });
    }

    /// <inheritdoc/>
    public void Dispose() => _certificate?.Dispose();

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "{Listener} on port {Port} serves PLAINTEXT: {Carries} cross the network unencrypted. Set {Section}:CertificatePath and KeyPath, and RequireTls=true in production")]
    private static partial void LogPlaintext(ILogger logger, string listener, int port, string carries, string section);
}
