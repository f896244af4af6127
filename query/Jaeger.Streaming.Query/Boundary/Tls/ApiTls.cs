using System.Security.Authentication;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Tls;

/// <summary>Puts TLS, and client-certificate checks when configured, on the API listener; or warns that it is plaintext.</summary>
internal sealed partial class ApiTls : IDisposable
{
    private readonly TlsOptions _options;
    private readonly ILogger<ApiTls> _logger;
    private readonly RotatingCertificate? _certificate;
    private readonly ClientCertificateAuthorities? _clientAuthorities;

    public ApiTls(IOptions<TlsOptions> options, TimeProvider time, ILogger<ApiTls> logger)
    {
        _options = options.Value;
        _logger = logger;
        if (_options.Enabled)
        {
            _certificate = new RotatingCertificate(_options, time, logger);
            _clientAuthorities = _options.ClientCaPath.Length > 0 ? new ClientCertificateAuthorities(ClientCertificateAuthorities.Load(_options.ClientCaPath)) : null;
        }
    }

    public void Apply(ListenOptions listen)
    {
        if (_certificate is null)
        {
            LogPlaintext(_logger, listen.IPEndPoint?.Port ?? 0);
            return;
        }

        listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificateSelector = (_, _) => _certificate.Current,
            SslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ClientCertificateMode = _clientAuthorities is null ? ClientCertificateMode.NoCertificate
                : _options.RequireClientCertificate ? ClientCertificateMode.RequireCertificate
                : ClientCertificateMode.AllowCertificate,
            ClientCertificateValidation = _clientAuthorities is null ? null : _clientAuthorities.Trusts,
        });
    }

    public void Dispose() => _certificate?.Dispose();

    [LoggerMessage(EventId = 42, Level = LogLevel.Warning, Message = "Query API on port {Port} serves PLAINTEXT: traces and bearer tokens cross the network unencrypted. Set Query:Tls:CertificatePath and KeyPath, and Query:Tls:RequireTls=true in production")]
    private static partial void LogPlaintext(ILogger logger, int port);
}
