using System.Net;
using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.EndToEnd.Tests.Faults;

/// <summary>Where accepted spans ended up: their records in the span topic, and their spans read back through API v3.</summary>
internal static class DeliveredTraces
{
    /// <summary>Every request ended in success, after at most <paramref name="mostAttempts"/> attempts, each answered success or a retryable status.</summary>
    public static void AssertEveryRequestAccepted(IReadOnlyList<SentRequest> requests, int mostAttempts = int.MaxValue)
    {
        foreach (var request in requests)
        {
            var attempts = request.Attempts;
            Assert.InRange(attempts.Count, 1, mostAttempts);
            Assert.All(attempts, a => Assert.Contains(a.Status, new[] { HttpStatusCode.OK, HttpStatusCode.ServiceUnavailable, HttpStatusCode.TooManyRequests }));
            Assert.Equal(HttpStatusCode.OK, attempts[^1].Status);
        }
    }

    /// <summary>
    /// Durable acceptance: every trace of every accepted request is in the span topic. Duplicates are not counted here:
    /// the mock cluster checks producer sequence numbers only for transactional producers, so it cannot stand for the
    /// broker's idempotence; exactly-once is asserted in storage.
    /// </summary>
    public static void AssertEveryTraceInKafka(PipelineFixture pipeline, IReadOnlyList<SentRequest> requests)
    {
        var records = SpanTopicRecords.ReadAll(pipeline.Host.Kafka.BootstrapServers, SpanRecordContract.DefaultTopic, AllInOneHost.SpanTopicPartitions, TestContext.Current.CancellationToken);
        var inTopic = records.Select(r => System.Text.Encoding.ASCII.GetString(r.Message.Key)).ToHashSet(StringComparer.Ordinal);
        var missing = requests.SelectMany(r => r.Traces.Keys).Select(t => t.ToString()).Where(t => !inTopic.Contains(t)).ToList();
        Assert.True(missing.Count == 0, $"{missing.Count} traces of accepted requests are not in the span topic: {string.Join(", ", missing)}");
    }

    /// <summary>Each trace reads back with exactly the span ids it was sent with: none lost, none duplicated, none foreign.</summary>
    public static async Task AssertEachStoredExactlyOnceAsync(PipelineFixture pipeline, IReadOnlyList<SentRequest> requests)
    {
        foreach (var request in requests)
        {
            foreach (var (trace, spanIds) in request.Traces)
            {
                var body = await pipeline.WaitForTraceAsync(trace.ToString(), spanIds.Count);
                var stored = OtlpSpans.All(body["result"]!).ConvertAll(s => s.SpanId);
                stored.Sort(StringComparer.Ordinal);
                Assert.Equal(spanIds, stored);
            }
        }
    }
}
