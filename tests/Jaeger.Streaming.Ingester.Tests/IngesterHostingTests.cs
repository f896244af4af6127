using Jaeger.Streaming.Ingester.Tests.Support;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Tests;

public sealed class IngesterHostingTests : IDisposable
{
    // A start refused for its settings may already have opened the embedded store here.
    private readonly string _dataDir = Directory.CreateTempSubdirectory("jaeger-ingester-refused-").FullName;

    [Fact]
    public async Task Refuses_to_start_without_bootstrap_servers_and_says_which_key_to_set()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["Storage:Embedded:DataDir"] = _dataDir });

        Assert.Contains("Kafka:BootstrapServers", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Refuses_a_batch_size_below_one_and_names_the_key()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?>
        {
            ["Kafka:BootstrapServers"] = "localhost:9092",
            ["Kafka:Security:AllowPlaintext"] = "true",
            ["Storage:Embedded:DataDir"] = _dataDir,
            ["Ingester:Batch:MaxRecords"] = "0",
        });

        Assert.Contains("Ingester:Batch:MaxRecords", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answers_liveness_and_readiness_on_the_admin_port()
    {
        using var kafka = new KafkaWithStore();
        await using var ingester = await IngesterUnderTest.StartAsync(kafka);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{ingester.AdminPort}") };

        Assert.Equal(System.Net.HttpStatusCode.OK, (await http.GetAsync("/health/live", TestContext.Current.CancellationToken)).StatusCode);

        // Ready once the group has given the consumer its partitions (ReadinessTests covers the transitions).
        await Eventually.HoldsAsync(
            async () => (await http.GetAsync("/health/ready", TestContext.Current.CancellationToken)).StatusCode == System.Net.HttpStatusCode.OK,
            "the ingester is ready");
    }

    // Options are validated as the host is built (Kestrel reads the admin port) or started, whichever needs them first.
    private static Task<OptionsValidationException> StartFailureAsync(Dictionary<string, string?> settings) =>
        Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = IngesterUnderTest.Build(settings);
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

    public void Dispose() => Directory.Delete(_dataDir, recursive: true);
}
