using Confluent.Kafka;
using Jaeger.Streaming.EmbeddedKafka;
using Jaeger.Streaming.Ingester.Tests.Support;

namespace Jaeger.Streaming.Ingester.Tests.Faults;

/// <summary>
/// Issue 5's request errors on the consumer side: the brokers answer the ingester's Fetch and OffsetCommit requests
/// with retriable errors while records flow. Nothing is lost or duplicated, and a failed commit is made good later.
/// </summary>
public sealed class ConsumerRequestErrorTests
{
    private const int SpansPerTrace = 2;
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(50);

    [Fact]
    public async Task Fetch_errors_while_records_flow_lose_and_duplicate_nothing()
    {
        ErrorCode[] errors =
        [
            ErrorCode.NotLeaderForPartition, ErrorCode.RequestTimedOut, ErrorCode.KafkaStorageError,
            ErrorCode.NotLeaderForPartition, ErrorCode.UnknownLeaderEpoch, ErrorCode.RequestTimedOut,
        ];
        await AssertExactlyOnceUnderRequestErrorsAsync(KafkaApi.Fetch, errors);
    }

    [Fact]
    public async Task OffsetCommit_errors_while_records_flow_lose_and_duplicate_nothing_and_the_offsets_are_committed_later()
    {
        ErrorCode[] errors =
        [
            ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup, ErrorCode.GroupCoordinatorNotAvailable,
            ErrorCode.RequestTimedOut, ErrorCode.NotCoordinatorForGroup,
        ];
        await AssertExactlyOnceUnderRequestErrorsAsync(KafkaApi.OffsetCommit, errors);
    }

    private static async Task AssertExactlyOnceUnderRequestErrorsAsync(KafkaApi api, ErrorCode[] errors)
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        using var offsets = new GroupOffsets(kafka.BootstrapServers);
        using var stored = new StoredSpans(kafka.DataDir);
        await using var load = SteadyLoad.Start(producer, SpansPerTrace, Pace);
        StorageSwitch? storage = null;
        await using var ingester = await IngesterUnderTest.StartAsync(kafka, real => storage = new StorageSwitch(real));
        await Eventually.HoldsAsync(() => storage is { Writes: > 2 }, "the ingester is writing");

        kafka.Cluster.StartRequestTracking();
        kafka.Cluster.PushRequestErrors(api, errors);

        // One request more than errors pushed means every error was answered to the ingester.
        await Eventually.HoldsAsync(() => kafka.Cluster.CountRequests(api) > errors.Length, $"the ingester has sent more than {errors.Length} {api} requests");
        await load.WaitForMoreAsync(20, "records keep flowing after the errors");
        var traces = await load.StopAsync();

        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, SpansPerTrace), "every trace is stored");
        await stored.AssertEachStoredExactlyOnceAsync(traces, SpansPerTrace);
        await Eventually.HoldsAsync(() => offsets.Lag() == 0, "the group commits up to the end of every partition");
    }
}
