namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>The checks every Kafka client of the pipeline runs on the shared <c>Kafka</c> section at start-up.</summary>
public static class KafkaConnectionValidator
{
    /// <summary>The reasons the section cannot be used, each naming the key and the fix; empty when it can.</summary>
    public static IReadOnlyList<string> Validate(KafkaConnectionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.BootstrapServers))
        {
            failures.Add("Kafka:BootstrapServers is required; set it to the brokers' host:port list, for example localhost:9092.");
        }

        if (string.IsNullOrWhiteSpace(options.Topic))
        {
            failures.Add($"Kafka:Topic is empty; set the span topic, or remove it to use '{SpanRecordContract.DefaultTopic}'.");
        }

        failures.AddRange(KafkaSecurityValidator.Validate(options));
        return failures;
    }
}
