using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Schemas.Secrets;

/// <summary>
/// Something loaded from files (a certificate and its key, signing keys) and loaded again when they change, so that
/// rotating a mounted secret needs no restart. The files' write times and sizes are compared when the value is asked
/// for, at most once per interval: polling works where file watchers do not (mounted secrets replaced by symlink
/// swaps). A change that cannot be loaded (a file caught half-written, a key set left empty) keeps the previous value,
/// with a warning, and is tried again at the next interval.
/// </summary>
/// <typeparam name="T">What the files hold once loaded.</typeparam>
public sealed class ReloadingFiles<T>
    where T : class
{
    private readonly string _what;
    private readonly string[] _paths;
    private readonly Func<T> _load;
    private readonly Func<T, string> _describe;
    private readonly TimeSpan _interval;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _reload = new();
    private T _current;
    private (DateTime WrittenUtc, long Length)[] _stamp;
    private long _lastCheck;

    /// <summary>Loads the value now; a failure here is the caller's (start-up validation has read the files already).</summary>
    /// <param name="what">What the files hold, for the log: "the server certificate".</param>
    /// <param name="paths">The files <paramref name="load"/> reads.</param>
    /// <param name="load">Reads and parses the files; throws when they do not hold a usable value.</param>
    /// <param name="describe">A line about a loaded value for the log (a subject and expiry, a key count), never a secret.</param>
    /// <param name="interval">How often the files may be checked; zero checks every time.</param>
    /// <param name="time">The clock for the interval.</param>
    /// <param name="logger">Where reloads and failed reloads are logged.</param>
    public ReloadingFiles(string what, IReadOnlyList<string> paths, Func<T> load, Func<T, string> describe, TimeSpan interval, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(load);
        ArgumentNullException.ThrowIfNull(time);
        (_what, _paths, _load, _describe, _interval, _time, _logger) = (what, [.. paths], load, describe, interval, time, logger);
        _stamp = Stamp();
        _current = load();
        _lastCheck = time.GetTimestamp();
    }

    /// <summary>The value loaded last, without looking at the files.</summary>
    public T Loaded => Volatile.Read(ref _current);

    /// <summary>The current value, loaded again first if the files changed and the interval has passed.</summary>
    public T Current
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

    private void ReloadIfChanged()
    {
        var stamp = Stamp();
        if (stamp.AsSpan().SequenceEqual(_stamp))
        {
            return;
        }

        try
        {
            var fresh = _load();
            Volatile.Write(ref _current, fresh);
            _stamp = stamp;
            ReloadLog.Reloaded(_logger, _what, _paths[0], _describe(fresh));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException or FormatException or InvalidDataException or JsonException)
        {
            // Probably mid-rotation (a certificate written, its key not yet): keep the old value and retry next interval.
            ReloadLog.ReloadFailed(_logger, _what, _paths[0], e.Message);
        }
    }

    private (DateTime, long)[] Stamp()
    {
        var stamp = new (DateTime, long)[_paths.Length];
        for (var i = 0; i < _paths.Length; i++)
        {
            var file = new FileInfo(_paths[i]);
            stamp[i] = (file.LastWriteTimeUtc, file.Exists ? file.Length : -1);
        }

        return stamp;
    }
}

/// <summary>The log lines of <see cref="ReloadingFiles{T}"/>, outside the generic type.</summary>
internal static partial class ReloadLog
{
    [LoggerMessage(EventId = 20, Level = LogLevel.Information, Message = "Reloaded {What} from {Path}: {Description}")]
    public static partial void Reloaded(ILogger logger, string what, string path, string description);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "Could not reload {What} from {Path}, which changed ({Reason}); still using the previous one")]
    public static partial void ReloadFailed(ILogger logger, string what, string path, string reason);
}
