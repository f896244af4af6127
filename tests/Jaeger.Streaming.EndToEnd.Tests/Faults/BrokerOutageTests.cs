using System.Net;

namespace Jaeger.Streaming.EndToEnd.Tests.Faults;

/// <summary>
/// Issue 5's broker outage: every broker of the embedded cluster goes down for 10 s while a client keeps sending
/// OTLP requests to the collector, with the ingester and the store running behind it. The test owns its pipeline
/// because it takes the cluster down.
/// </summary>
[Collection(KafkaFaults.Collection)]
public sealed class BrokerOutageTests : IAsyncLifetime
{
    private const int TracesPerRequest = 2;
    private const int SpansPerTrace = 2;
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Pace = TimeSpan.FromMilliseconds(100);
    private readonly PipelineFixture _pipeline = new();

    [Fact]
    public async Task Requests_sent_through_a_10_s_outage_of_every_broker_are_answered_retryably_or_after_recovery_and_each_span_is_stored_exactly_once()
    {
        var traffic = new OtlpTraffic(_pipeline);
        await traffic.LaunchForAsync(TimeSpan.FromSeconds(2), Pace, TracesPerRequest, SpansPerTrace);

        _pipeline.Host.Kafka.SetAllBrokersDown();
        var downAt = TimeProvider.System.GetTimestamp();
        long upAt;
        try
        {
            await traffic.LaunchForAsync(Outage, Pace, TracesPerRequest, SpansPerTrace);
        }
        finally
        {
            upAt = TimeProvider.System.GetTimestamp();
            _pipeline.Host.Kafka.SetAllBrokersUp();
        }

        await traffic.LaunchForAsync(TimeSpan.FromSeconds(2), Pace, TracesPerRequest, SpansPerTrace);
        await traffic.AllAnsweredAsync();

        DeliveredTraces.AssertEveryRequestAccepted(traffic.Requests);
        var duringOutage = traffic.Requests.SelectMany(r => r.Attempts).Where(a => a.SentAt >= downAt && a.SentAt < upAt).ToList();
        Assert.True(duringOutage.Count >= 20, $"only {duringOutage.Count} attempts were sent during the outage");
        Assert.All(duringOutage, a => Assert.True(
            a.Status != HttpStatusCode.OK || a.AnsweredAt >= upAt,
            "a request sent while every broker was down was answered success before they returned"));

        DeliveredTraces.AssertEveryTraceInKafka(_pipeline, traffic.Requests);
        await DeliveredTraces.AssertEachStoredExactlyOnceAsync(_pipeline, traffic.Requests);
    }

    public ValueTask InitializeAsync() => _pipeline.InitializeAsync();

    public ValueTask DisposeAsync() => _pipeline.DisposeAsync();
}
