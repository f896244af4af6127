using Confluent.Kafka;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Ingester.Kafka;

/// <summary>Sends librdkafka's log lines and client errors to <see cref="ILogger"/> instead of stderr.</summary>
internal static class LibrdkafkaLog
{
    public static void Write(ILogger logger, LogMessage message) =>
        logger.Log(ToLogLevel(message.Level), "librdkafka {Client} {Facility}: {Message}", message.Name, message.Facility, message.Message);

    public static void Write(ILogger logger, Error error) =>
        logger.Log(error.IsFatal ? LogLevel.Critical : LogLevel.Warning, "Kafka client error {Code}: {Reason}", error.Code, error.Reason);

    private static LogLevel ToLogLevel(SyslogLevel level) => level switch
    {
        SyslogLevel.Emergency or SyslogLevel.Alert or SyslogLevel.Critical => LogLevel.Critical,
        SyslogLevel.Error => LogLevel.Error,
        SyslogLevel.Warning => LogLevel.Warning,
        SyslogLevel.Notice or SyslogLevel.Info => LogLevel.Information,
        _ => LogLevel.Debug,
    };
}
