using System.Net;
using Jaeger.Streaming.Ingester.Tests.Support;

namespace Jaeger.Streaming.Ingester.Tests.Health;

/// <summary><c>/health/ready</c> follows the consumer's assignment and the storage's health; <c>/health/live</c> stays up throughout.</summary>
public sealed class ReadinessTests
{
    [Fact]
    public async Task Is_not_ready_until_the_consumer_has_an_assignment_and_ready_once_it_has()
    {
        using var kafka = new KafkaWithStore();
        kafka.Cluster.SetAllBrokersDown();
        await using var ingester = await IngesterUnderTest.StartAsync(kafka);
        using var http = AdminClient(ingester);

        var waiting = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, waiting.StatusCode);
        Assert.Contains("assignment", await waiting.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync(new Uri("/health/live", UriKind.Relative), TestContext.Current.CancellationToken)).StatusCode);

        kafka.Cluster.SetAllBrokersUp();
        await Eventually.HoldsAsync(async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.OK, "the ingester is ready");
    }

    [Fact]
    public async Task Goes_not_ready_while_storage_writes_fail_and_ready_again_after_recovery()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        StorageSwitch? storage = null;
        await using var ingester = await IngesterUnderTest.StartAsync(kafka, real => storage = new StorageSwitch(real));
        using var http = AdminClient(ingester);
        await Eventually.HoldsAsync(async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.OK, "the ingester is ready");

        storage!.Fail();
        var traces = await producer.ProduceTracesAsync(traces: 10);
        await Eventually.HoldsAsync(async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.ServiceUnavailable, "the ingester is not ready");
        using (var notReady = await http.GetAsync(new Uri("/health/ready", UriKind.Relative), TestContext.Current.CancellationToken))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains("storage", await notReady.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(http, "/health/live"));

        storage.Heal();
        await Eventually.HoldsAsync(async () => await StatusAsync(http, "/health/ready") == HttpStatusCode.OK, "the ingester is ready again");
        using var stored = new StoredSpans(kafka.DataDir);
        await Eventually.HoldsAsync(() => stored.AllStoredAsync(traces, spansPerTrace: 3), "every trace is stored after recovery");
    }

    private static HttpClient AdminClient(IngesterUnderTest ingester) => new() { BaseAddress = new Uri($"http://127.0.0.1:{ingester.AdminPort}") };

    private static async Task<HttpStatusCode> StatusAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(new Uri(path, UriKind.Relative), TestContext.Current.CancellationToken);
        return response.StatusCode;
    }
}
