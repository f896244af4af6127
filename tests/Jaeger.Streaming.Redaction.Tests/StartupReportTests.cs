using Jaeger.Streaming.Ingester.Redaction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Redaction.Tests;

public sealed class StartupReportTests
{
    private static async Task<List<(LogLevel Level, string Message)>> StartWith(string enabled)
    {
        var logs = new CapturingLoggerProvider();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection([new("Ingester:Redaction:Enabled", enabled)]).Build();
        using var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(logging => logging.AddProvider(logs))
            .AddSpanRedaction()
            .BuildServiceProvider();
        foreach (var hosted in services.GetServices<IHostedService>())
        {
            await hosted.StartAsync(TestContext.Current.CancellationToken);
        }

        return logs.Entries;
    }

    [Fact]
    public async Task Warns_at_start_when_redaction_is_disabled()
    {
        var logs = await StartWith("false");

        Assert.Contains(logs, entry => entry.Level == LogLevel.Warning && entry.Message.Contains("Ingester:Redaction:Enabled=false", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Does_not_warn_when_redaction_is_on()
    {
        var logs = await StartWith("true");

        Assert.DoesNotContain(logs, entry => entry.Level >= LogLevel.Warning);
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider, ILogger
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));

        public void Dispose()
        {
        }
    }
}
