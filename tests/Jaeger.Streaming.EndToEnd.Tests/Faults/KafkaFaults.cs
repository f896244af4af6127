namespace Jaeger.Streaming.EndToEnd.Tests.Faults;

/// <summary>
/// The fault tests run one after another: each starts a whole pipeline and drives it hard, and on two cores two of
/// them at once would measure the machine rather than the pipeline.
/// </summary>
public static class KafkaFaults
{
    public const string Collection = "Kafka faults";
}
