namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>
/// Kafka security settings that cannot be used. Each failure names the configuration key and the fix;
/// none contains a secret.
/// </summary>
public sealed class KafkaSecurityException(IReadOnlyList<string> failures)
    : InvalidOperationException(string.Join(Environment.NewLine, failures))
{
    public IReadOnlyList<string> Failures { get; } = failures;
}
