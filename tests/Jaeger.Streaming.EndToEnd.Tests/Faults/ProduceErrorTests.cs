using Confluent.Kafka;
using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.EmbeddedKafka;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 5's request errors on the producer side: the brokers answer the collector's Produce requests with retriable
/// errors, or partition leadership moves under load. Each test owns its pipeline because it disturbs the cluster.
/// </summary>
[Collection(KafkaFaults.Collection)]
public sealed class ProduceErrorTests : IAsyncLifetime
{
    private const int TracesPerRequest = 2;
    private const int SpansPerTrace = 2;
    private const int Requests = 30;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);
    private readonly PipelineFixture _pipeline = new();

    [Fact]
    public async Task NOT_LEADER_and_REQUEST_TIMED_OUT_on_produce_are_retried_by_the_collector_and_each_trace_is_one_record_stored_once()
    {
        ErrorCode[] errors =
        [
            ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition,
            ErrorCode.RequestTimedOut, ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut,
        ];
        var kafka = _pipeline.Host.Kafka;
        kafka.StartRequestTracking();
        kafka.PushRequestErrors(KafkaApi.Produce, errors);

        // One request at a time, so no batch of a partition is in flight behind a failing one. The mock checks
        // sequence numbers only for transactional producers: it would append that later batch, and librdkafka would
        // count the failed one as acknowledged with it. Real Kafka refuses the gap (OUT_OF_ORDER_SEQUENCE_NUMBER).
        var traffic = new OtlpTraffic(_pipeline);
        await traffic.SendOneAtATimeAsync(Requests, TracesPerRequest, SpansPerTrace);

        // One Produce request more than errors pushed means every error was answered to the collector.
        Assert.True(kafka.CountRequests(KafkaApi.Produce) > errors.Length, "every injected error reached the collector's producer");

        // Retriable broker errors inside the delivery timeout never reach the client.
        DeliveredTraces.AssertEveryRequestAccepted(traffic.Requests, mostAttempts: 1);
        DeliveredTraces.AssertEveryTraceInKafka(_pipeline, traffic.Requests);
        await DeliveredTraces.AssertEachStoredExactlyOnceAsync(_pipeline, traffic.Requests);
    }

    [Fact]
    public async Task Partition_leadership_moving_twice_under_load_loses_and_duplicates_nothing()
    {
        var traffic = new OtlpTraffic(_pipeline);
        await traffic.LaunchForAsync(TimeSpan.FromSeconds(1), Pace, TracesPerRequest, SpansPerTrace);
        MoveLeaders(shift: 1);
        await traffic.LaunchForAsync(TimeSpan.FromSeconds(1), Pace, TracesPerRequest, SpansPerTrace);
        MoveLeaders(shift: 2);
        await traffic.LaunchForAsync(TimeSpan.FromSeconds(1), Pace, TracesPerRequest, SpansPerTrace);
        await traffic.AllAnsweredAsync();

        DeliveredTraces.AssertEveryRequestAccepted(traffic.Requests, mostAttempts: 1);
        DeliveredTraces.AssertEveryTraceInKafka(_pipeline, traffic.Requests);
        await DeliveredTraces.AssertEachStoredExactlyOnceAsync(_pipeline, traffic.Requests);
    }

    public ValueTask InitializeAsync() => _pipeline.InitializeAsync();

    public ValueTask DisposeAsync() => _pipeline.DisposeAsync();

    /// <summary>Gives each partition a different leader in each call, so every partition moves at least once over two calls.</summary>
    private void MoveLeaders(int shift)
    {
        for (var partition = 0; partition < AllInOneHost.SpanTopicPartitions; partition++)
        {
            _pipeline.Host.Kafka.SetPartitionLeader(SpanRecordContract.DefaultTopic, partition, ((partition + shift) % AllInOneHost.KafkaBrokers) + 1);
        }
    }
}
