using Jaeger.Streaming.Schemas.Kafka;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Kafka;

/// <summary>Checks the shared <c>Kafka</c> section as the ingester uses it, security included.</summary>
internal sealed class KafkaConnectionOptionsValidator(IOptions<IngesterOptions> ingester) : IValidateOptions<KafkaConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaConnectionOptions options)
    {
        var failures = new List<string>(KafkaConnectionValidator.Validate(options));
        if (string.Equals(options.Topic, ingester.Value.DeadLetterTopic, StringComparison.Ordinal))
        {
            failures.Add($"Kafka:Topic and Ingester:DeadLetterTopic are both '{options.Topic}', so rejected records would be read again; use different topics.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
