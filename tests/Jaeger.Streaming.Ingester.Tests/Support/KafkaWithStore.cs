using Jaeger.Streaming.EmbeddedKafka;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Ingester.Tests.Support;

/// <summary>What one delivery test runs against: a 3-broker mock cluster with the span and dead-letter topics, and an empty data dir.</summary>
internal sealed class KafkaWithStore : IDisposable
{
    public const int SpanPartitions = 6;

    public KafkaWithStore()
    {
        Cluster.CreateTopic(SpanRecordContract.DefaultTopic, SpanPartitions);
        Cluster.CreateTopic(SpanRecordContract.DefaultDeadLetterTopic, 1);
    }

    public EmbeddedKafkaCluster Cluster { get; } = new(3);

    public string BootstrapServers => Cluster.BootstrapServers;

    public string DataDir { get; } = Directory.CreateTempSubdirectory("jaeger-ingester-tests-").FullName;

    public void Dispose()
    {
        Cluster.Dispose();
        try
        {
            Directory.Delete(DataDir, recursive: true);
        }
        catch (IOException)
        {
            // A reader may still hold the file on some platforms; the temp dir is cleaned eventually.
        }
    }
}
