using Jaeger.Streaming.Schemas.Kafka;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Publishing;

internal sealed class KafkaPublisherOptionsValidator : IValidateOptions<KafkaPublisherOptions>, IValidateOptions<KafkaConnectionOptions>
{
    public ValidateOptionsResult Validate(string? name, KafkaPublisherOptions options)
    {
        var failures = new List<string>();
        CheckRange(failures, nameof(options.LingerMs), options.LingerMs, 0, 900_000);
        CheckRange(failures, nameof(options.QueueBufferingMaxMessages), options.QueueBufferingMaxMessages, 1, 2_147_483_647);
        CheckRange(failures, nameof(options.QueueBufferingMaxKbytes), options.QueueBufferingMaxKbytes, 1, 2_147_483_647);
        CheckRange(failures, nameof(options.MessageTimeoutMs), options.MessageTimeoutMs, 1, 2_147_483_647);
        CheckRange(failures, nameof(options.RetryAfterSeconds), options.RetryAfterSeconds, 1, 86_400);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    public ValidateOptionsResult Validate(string? name, KafkaConnectionOptions options)
    {
        var failures = KafkaConnectionValidator.Validate(options);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRange(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{KafkaPublisherOptions.Section}:{key} {value} is out of range; use {min} to {max}.");
        }
    }
}
