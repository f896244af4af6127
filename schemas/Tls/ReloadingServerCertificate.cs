using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Schemas.Tls;

/// <summary>
/// The server certificate from PEM files, reloaded when the files change so rotation needs no restart. Files are
/// compared by write time and size when a handshake asks, at most once per interval: polling works where file
/// watchers do not (mounted secrets replaced by symlink swaps). A file caught half-written keeps the old certificate.
/// </summary>
public sealed partial class ReloadingServerCertificate : IDisposable
{
    private readonly string _certificatePath;
    private readonly string _keyPath;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private X509Certificate2 _current;
    private (DateTime, long, DateTime, long) _stamp;
    private long _lastCheck;

    /// <summary>Loads the certificate of <paramref name="options"/>; the files must have passed <see cref="ListenerTlsOptionsValidator"/>.</summary>
    public ReloadingServerCertificate(ListenerTlsOptions options, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        (_certificatePath, _keyPath, _interval, _time, _logger) = (options.CertificatePath, options.KeyPath, options.ReloadInterval, time, logger);
        _stamp = Stamp();
        _current = Load();
        _lastCheck = time.GetTimestamp();
    }

    /// <summary>Kestrel's <c>ServerCertificateSelector</c>: the current certificate, reloaded first if the files changed.</summary>
    public X509Certificate2 Current
    {
        get
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(Volatile.Read(ref _lastCheck), now) >= _interval && _reload.TryEnter())
            {
                try
                {
                    Volatile.Write(ref _lastCheck, now);
                    ReloadIfChanged();
                }
                finally
                {
                    _reload.Exit();
                }
            }

            return Volatile.Read(ref _current);
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _current.Dispose();

    private void ReloadIfChanged()
    {
        var stamp = Stamp();
        if (stamp == _stamp)
        {
            return;
        }

        try
        {
            var fresh = Load();

            // Not disposed: handshakes in flight may still hold the old one; the GC finalizes it.
            Volatile.Write(ref _current, fresh);
            _stamp = stamp;
            LogReloaded(_logger, _certificatePath, fresh.Subject, fresh.NotAfter);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            // Probably mid-rotation (certificate written, key not yet): keep serving the old one and retry next interval.
            LogReloadFailed(_logger, _certificatePath, e.Message);
        }
    }

    private X509Certificate2 Load()
    {
        using var ephemeral = X509Certificate2.CreateFromPemFile(_certificatePath, _keyPath);

        // A PKCS#12 round trip gives the key a form SslStream can use on every platform.
        return X509CertificateLoader.LoadPkcs12(ephemeral.Export(X509ContentType.Pkcs12), null);
    }

    private (DateTime, long, DateTime, long) Stamp()
    {
        var certificate = new FileInfo(_certificatePath);
        var key = new FileInfo(_keyPath);
        return (certificate.LastWriteTimeUtc, certificate.Exists ? certificate.Length : -1, key.LastWriteTimeUtc, key.Exists ? key.Length : -1);
    }

    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Reloaded the server certificate from {Path}: {Subject}, valid until {NotAfter:o}")]
    private static partial void LogReloaded(ILogger logger, string path, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "The server certificate at {Path} changed but could not be loaded ({Reason}); still serving the previous one")]
    private static partial void LogReloadFailed(ILogger logger, string path, string reason);
}
