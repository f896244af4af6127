using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Testing;

/// <summary>Keeps every log line at Warning or above, for tests that assert a warning was given.</summary>
public sealed class LogCapture : ILoggerProvider
{
    /// <summary>The formatted warnings and errors, in the order they were logged.</summary>
    public ConcurrentQueue<string> Warnings { get; } = new();

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => new Logger(this);

    /// <inheritdoc/>
    public void Dispose()
    {
    }

    private sealed class Logger(LogCapture capture) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
            {
                capture.Warnings.Enqueue(formatter(state, exception));
            }
        }
    }
}
