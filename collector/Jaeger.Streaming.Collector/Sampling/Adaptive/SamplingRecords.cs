using Confluent.Kafka;
using Jaeger.Streaming.Schemas.Kafka;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Sampling.Adaptive;

/// <summary>
/// Writes adaptive sampling's records: counts to the throughput topic, probabilities (and tombstones) to the
/// compacted probabilities topic. Same connection and security as the span producer, acks=all and idempotent.
/// </summary>
internal sealed class SamplingRecords : IDisposable
{
    private readonly IProducer<string, byte[]?> _producer;
    private readonly AdaptiveSamplingOptions _options;

    public SamplingRecords(IOptions<KafkaConnectionOptions> connection, IOptions<SamplingOptions> options)
    {
        _options = options.Value.Adaptive;
        _producer = new ProducerBuilder<string, byte[]?>(new ProducerConfig(KafkaClientConfig.For(connection.Value))
        {
            ClientId = "jaeger-collector-sampling",
            Acks = Acks.All,
            EnableIdempotence = true,
            LingerMs = 5,
            MessageTimeoutMs = 30_000,
        }).Build();
    }

    public Task PublishAsync(ThroughputReport report, CancellationToken cancellationToken) =>
        _producer.ProduceAsync(_options.ThroughputTopic, new Message<string, byte[]?> { Key = report.Collector, Value = report.ToJson() }, cancellationToken);

    /// <summary>A service's probabilities; a service with none left gets a tombstone, so compaction drops it.</summary>
    public Task PublishAsync(ServiceProbabilities probabilities, CancellationToken cancellationToken) =>
        _producer.ProduceAsync(_options.ProbabilitiesTopic, new Message<string, byte[]?>
        {
            Key = probabilities.Service,
            Value = probabilities.Operations.Count == 0 ? null : probabilities.ToJson(),
        }, cancellationToken);

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
