using System.Security.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.Tls;

/// <summary>Puts TLS (and mTLS when configured) on an OTLP listener, or warns that it serves plaintext.</summary>
internal sealed partial class OtlpTls : IDisposable
{
    private readonly TlsOptions _options;
    private readonly ILogger<OtlpTls> _logger;
    private readonly ServerCertificate? _certificate;
    private readonly ClientCertificateTrust? _clientTrust;

    public OtlpTls(IOptions<TlsOptions> options, TimeProvider time, ILogger<OtlpTls> logger)
    {
        _options = options.Value;
        _logger = logger;
        if (_options.Enabled)
        {
            _certificate = new ServerCertificate(_options, time, logger);
            _clientTrust = _options.ClientCaPath.Length > 0 ? new ClientCertificateTrust(ClientCertificateTrust.LoadBundle(_options.ClientCaPath)) : null;
        }
    }

    public void Apply(ListenOptions listen, string name)
    {
        if (_certificate is null)
        {
            LogPlaintext(_logger, name, listen.IPEndPoint?.Port ?? 0, TlsOptions.Section);
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

    public void Dispose() => _certificate?.Dispose();

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "OTLP {Listener} on port {Port} serves PLAINTEXT: spans and credentials cross the network unencrypted. Set {Section}:CertificatePath and KeyPath, and RequireTls=true in production")]
    private static partial void LogPlaintext(ILogger logger, string listener, int port, string section);
}
