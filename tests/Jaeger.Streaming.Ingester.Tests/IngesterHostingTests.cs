using Jaeger.Streaming.Ingester.Tests.Support;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Tests;

public sealed class IngesterHostingTests : IDisposable
{
    private readonly string _tempDir = Directory.CreateTempSubdirectory("jaeger-ingester-refused-").FullName;

    // Not created beforehand: a start refused for its settings must leave no store behind.
    private readonly string _dataDir;

    public IngesterHostingTests() => _dataDir = Path.Combine(_tempDir, "data");

    [Fact]
    public async Task Refuses_to_start_without_bootstrap_servers_and_says_which_key_to_set()
    {
        var error = await StartFailureAsync(new Dictionary<string, string?> { ["Storage:Embedded:DataDir"] = _dataDir });

        Assert.Contains("Kafka:BootstrapServers", error.Message, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_dataDir), "a refused start created the embedded store's data dir");
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
        Assert.False(Directory.Exists(_dataDir), "a refused start created the embedded store's data dir");
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

    // Every setting is validated as the host is built (MapIngester), before any of its services is.
    private static Task<OptionsValidationException> StartFailureAsync(Dictionary<string, string?> settings) =>
        Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = IngesterUnderTest.Build(settings);
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

    public void Dispose() => Directory.Delete(_tempDir, recursive: true);
}
