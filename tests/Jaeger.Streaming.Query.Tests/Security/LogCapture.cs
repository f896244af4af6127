using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>Keeps the warnings a host logs, for tests of start-up warnings.</summary>
internal sealed class LogCapture : ILoggerProvider
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this);

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
