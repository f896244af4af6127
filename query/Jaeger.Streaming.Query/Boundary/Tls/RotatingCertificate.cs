using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Query.Boundary.Tls;

/// <summary>
/// The server certificate from its PEM files, swapped for a new one when the files change. Polling by write time and
/// size on handshakes works where file watchers miss changes (secrets remounted by symlink swap); a half-written pair
/// fails to load and the previous certificate stays in service.
/// </summary>
internal sealed partial class RotatingCertificate : IDisposable
{
    private readonly TlsOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _checking = new();
    private Loaded _loaded;
    private long _checkedAt;

    public RotatingCertificate(TlsOptions options, TimeProvider time, ILogger logger)
    {
        (_options, _time, _logger) = (options, time, logger);
        _loaded = new Loaded(FilesStamp(), LoadPair());
        _checkedAt = time.GetTimestamp();
    }

    /// <summary>For Kestrel's <c>ServerCertificateSelector</c>.</summary>
    public X509Certificate2 Current
    {
        get
        {
            var now = _time.GetTimestamp();
            if (_time.GetElapsedTime(Volatile.Read(ref _checkedAt), now) >= _options.ReloadInterval && _checking.TryEnter())
            {
                try
                {
                    Volatile.Write(ref _checkedAt, now);
                    ReloadIfChanged();
                }
                finally
                {
                    _checking.Exit();
                }
            }

            return Volatile.Read(ref _loaded).Certificate;
        }
    }

    public void Dispose() => _loaded.Certificate.Dispose();

    private void ReloadIfChanged()
    {
        var stamp = FilesStamp();
        if (stamp == _loaded.Stamp)
        {
            return;
        }

        try
        {
            var fresh = LoadPair();

            // The old certificate is left to the GC: handshakes in flight may still use it.
            Volatile.Write(ref _loaded, new Loaded(stamp, fresh));
            LogRotated(_logger, _options.CertificatePath, fresh.Subject, fresh.NotAfter);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            LogRotationFailed(_logger, _options.CertificatePath, e.Message);
        }
    }

    private X509Certificate2 LoadPair()
    {
        using var pem = X509Certificate2.CreateFromPemFile(_options.CertificatePath, _options.KeyPath);

        // Through PKCS#12 so that SslStream gets a key it can use on every platform.
        return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
    }

    private string FilesStamp()
    {
        var certificate = new FileInfo(_options.CertificatePath);
        var key = new FileInfo(_options.KeyPath);
        return $"{certificate.LastWriteTimeUtc.Ticks}:{(certificate.Exists ? certificate.Length : -1)}:{key.LastWriteTimeUtc.Ticks}:{(key.Exists ? key.Length : -1)}";
    }

    private sealed record Loaded(string Stamp, X509Certificate2 Certificate);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Query API certificate reloaded from {Path}: {Subject}, valid until {NotAfter:o}")]
    private static partial void LogRotated(ILogger logger, string path, string subject, DateTime notAfter);

    [LoggerMessage(EventId = 41, Level = LogLevel.Warning, Message = "Query API certificate at {Path} changed but did not load ({Reason}); serving the previous one")]
    private static partial void LogRotationFailed(ILogger logger, string path, string reason);
}
