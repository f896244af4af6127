using Jaeger.Streaming.Collector.Sampling.Strategies;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Sampling.Static;

/// <summary>
/// Jaeger's <c>file</c> strategy store: strategies from <c>Collector:Sampling:StrategiesFile</c>, checked for changes
/// every <c>ReloadInterval</c>. A file that stops parsing keeps the last good strategies and logs an error; a file
/// that does not parse at start stops the collector, as nothing good was ever loaded.
/// </summary>
internal sealed partial class FileStrategies : BackgroundService, ISamplingStrategies
{
    /// <summary>Strategies files are a few KiB; refusing huge ones keeps a mistake from exhausting memory.</summary>
    private const long MaxFileBytes = 16 * 1024 * 1024;

    private readonly SamplingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<FileStrategies> _logger;
    private byte[] _content = [];
    private volatile StrategiesFile _current;

    public FileStrategies(IOptions<SamplingOptions> options, TimeProvider time, ILogger<FileStrategies> logger)
    {
        _options = options.Value;
        _time = time;
        _logger = logger;
        _current = StrategiesFile.Uniform(_options.DefaultProbability);
        if (_options.StrategiesFile.Length > 0 && Load() is { } problem)
        {
            throw new InvalidOperationException($"{SamplingOptions.Section}:StrategiesFile '{_options.StrategiesFile}' cannot be used: {problem}. Fix the file or the path.");
        }
    }

    public SamplingStrategy For(string service) => _current.For(service);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.StrategiesFile.Length == 0)
        {
            return;
        }

        using var timer = new PeriodicTimer(_options.ReloadInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            if (Load() is { } problem)
            {
                LogReloadFailed(_logger, _options.StrategiesFile, problem);
            }
        }
    }

    /// <summary>Reads the file and, when its content changed and parses, serves it. Returns what went wrong, if anything.</summary>
    private string? Load()
    {
        byte[] content;
        try
        {
            using var file = new FileStream(_options.StrategiesFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length > MaxFileBytes)
            {
                return $"it is {file.Length} bytes, more than the {MaxFileBytes} a strategies file may have";
            }

            content = new byte[file.Length];
            file.ReadExactly(content);
        }
        catch (IOException e)
        {
            return e.Message;
        }
        catch (UnauthorizedAccessException e)
        {
            return e.Message;
        }

        if (content.AsSpan().SequenceEqual(_content))
        {
            return null;
        }

        try
        {
            _current = StrategiesFile.Parse(content, _options.DefaultProbability);
        }
        catch (FormatException e)
        {
            // Remember the bad content too, so it is reported once and not on every check.
            _content = content;
            return e.Message;
        }

        _content = content;
        LogLoaded(_logger, _options.StrategiesFile);
        return null;
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Error, Message = "Sampling strategies file {Path} was not reloaded, the last good strategies are still served: {Problem}")]
    private static partial void LogReloadFailed(ILogger logger, string path, string problem);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "Sampling strategies loaded from {Path}")]
    private static partial void LogLoaded(ILogger logger, string path);
}
