using Confluent.Kafka;
using Jaeger.Streaming.EmbeddedKafka;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>An embedded Kafka cluster with the span topic, and a way to read back what the collector published.</summary>
public sealed class SpanTopic : IDisposable
{
    public const int Partitions = 6;

    public SpanTopic()
    {
        Cluster = new EmbeddedKafkaCluster(3);
        Cluster.CreateTopic(SpanRecordContract.DefaultTopic, Partitions);
    }

    public EmbeddedKafkaCluster Cluster { get; }

    public string BootstrapServers => Cluster.BootstrapServers;

    /// <summary>
    /// Every record in the topic now. The collector answers success only after acknowledgement, so once a request
    /// is answered its records are all here; reading to the end of each partition needs no waiting for them.
    /// </summary>
    public List<ConsumeResult<byte[], byte[]>> ReadAll()
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = $"collector-tests-{Guid.NewGuid():N}",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        var partitions = new List<TopicPartitionOffset>();
        for (var p = 0; p < Partitions; p++)
        {
            partitions.Add(new TopicPartitionOffset(SpanRecordContract.DefaultTopic, p, Offset.Beginning));
        }

        consumer.Assign(partitions);
        var records = new List<ConsumeResult<byte[], byte[]>>();
        var atEnd = new HashSet<int>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (atEnd.Count < Partitions)
        {
            var record = consumer.Consume(deadline.Token);
            if (record.IsPartitionEOF)
            {
                atEnd.Add(record.Partition.Value);
            }
            else
            {
                records.Add(record);
            }
        }

        return records;
    }

    /// <summary>The records keyed by <paramref name="traceId"/>.</summary>
    public List<ConsumeResult<byte[], byte[]>> ReadTrace(TraceIdBytes traceId)
    {
        var key = traceId.ToString();
        return ReadAll().FindAll(r => System.Text.Encoding.ASCII.GetString(r.Message.Key) == key);
    }

    /// <summary>The spans of <paramref name="traceId"/> across its records, decoded.</summary>
    public List<ExportTraceServiceRequest> ReadTraceRequests(TraceIdBytes traceId) =>
        ReadTrace(traceId).ConvertAll(r => ExportTraceServiceRequest.Parser.ParseFrom(r.Message.Value));

    public void Dispose() => Cluster.Dispose();
}
