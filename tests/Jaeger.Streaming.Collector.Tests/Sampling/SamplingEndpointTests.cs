using System.Net;
using System.Text.Json;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>
/// <c>GET /api/sampling</c> on port 5778's listener, checked field by field against Jaeger's api_v2 strategy JSON, and
/// read by <see cref="RemoteStrategy"/>, which uses the field names the SDKs' Jaeger-remote samplers use.
/// </summary>
public sealed class SamplingEndpointTests : IAsyncLifetime
{
    private SamplingCollector _collector = null!;

    public async ValueTask InitializeAsync() => _collector = await SamplingCollector.StartWithStrategiesAsync(SamplingCollector.SampleStrategies);

    public ValueTask DisposeAsync() => _collector.DisposeAsync();

    [Fact]
    public async Task Probabilistic_service_with_operations_has_every_field_of_jaegers_format()
    {
        using var json = await GetJsonAsync("checkout");
        var root = json.RootElement;

        Assert.Equal(["strategyType", "probabilisticSampling", "operationSampling"], Names(root));
        Assert.Equal("PROBABILISTIC", root.GetProperty("strategyType").GetString());
        Assert.Equal(["samplingRate"], Names(root.GetProperty("probabilisticSampling")));
        Assert.Equal(0.8, root.GetProperty("probabilisticSampling").GetProperty("samplingRate").GetDouble());
        var operations = root.GetProperty("operationSampling");
        Assert.Equal(["defaultSamplingProbability", "defaultLowerBoundTracesPerSecond", "perOperationStrategies"], Names(operations));
        Assert.Equal(0.8, operations.GetProperty("defaultSamplingProbability").GetDouble());
        Assert.Equal(0, operations.GetProperty("defaultLowerBoundTracesPerSecond").GetDouble());
        var entries = operations.GetProperty("perOperationStrategies").EnumerateArray().ToList();
        Assert.Equal(2, entries.Count);
        Assert.Equal(["operation", "probabilisticSampling"], Names(entries[0]));
        Assert.Equal(("GET /cart", 0.25), (entries[0].GetProperty("operation").GetString(), entries[0].GetProperty("probabilisticSampling").GetProperty("samplingRate").GetDouble()));
        Assert.Equal(("/health", 0.0), (entries[1].GetProperty("operation").GetString(), entries[1].GetProperty("probabilisticSampling").GetProperty("samplingRate").GetDouble()));
    }

    [Fact]
    public async Task Rate_limited_service_has_rate_limiting_sampling_only()
    {
        using var json = await GetJsonAsync("billing");
        var root = json.RootElement;

        Assert.Equal(["strategyType", "rateLimitingSampling"], Names(root));
        Assert.Equal("RATE_LIMITING", root.GetProperty("strategyType").GetString());
        Assert.Equal(JsonValueKind.Number, root.GetProperty("rateLimitingSampling").GetProperty("maxTracesPerSecond").ValueKind);
        Assert.Equal(5, root.GetProperty("rateLimitingSampling").GetProperty("maxTracesPerSecond").GetInt32());
    }

    [Fact]
    public async Task Unlisted_service_gets_the_default_strategy()
    {
        var strategy = await _collector.StrategyAsync("inventory");

        Assert.Equal(("PROBABILISTIC", 0.5, 0.5, 0.0), (strategy.StrategyType, strategy.SamplingRate, strategy.ProbabilityOf("GET /items"), strategy.ProbabilityOf("/health")));
    }

    [Fact]
    public async Task Sdk_reading_the_strategy_samples_each_operation_as_configured()
    {
        var strategy = await _collector.StrategyAsync("checkout");

        Assert.Equal((0.25, 0.0, 0.8), (strategy.ProbabilityOf("GET /cart"), strategy.ProbabilityOf("/health"), strategy.ProbabilityOf("POST /order")));
    }

    [Fact]
    public async Task Without_a_file_every_service_gets_jaegers_default_probability()
    {
        await using var collector = await SamplingCollector.StartAsync(SamplingCollector.NoKafka, TimeProvider.System, new Dictionary<string, string?>());
        using var response = await collector.Sampling.GetAsync("/api/sampling?service=checkout", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["strategyType", "probabilisticSampling"], Names(json.RootElement));
        Assert.Equal(0.001, json.RootElement.GetProperty("probabilisticSampling").GetProperty("samplingRate").GetDouble());
    }

    [Theory]
    [InlineData("/api/sampling", "must be given once")]
    [InlineData("/api/sampling?service=a&service=b", "must be given once")]
    [InlineData("/api/sampling?service=", "is empty")]
    [InlineData("/api/sampling?service=%20", "is empty")]
    [InlineData("/api/sampling?service=a%01b", "control character")]
    public async Task Missing_or_invalid_service_is_a_400_saying_why(string path, string reason)
    {
        using var response = await _collector.Sampling.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Overlong_service_is_a_400_saying_the_limit()
    {
        using var response = await _collector.Sampling.GetAsync($"/api/sampling?service={new string('s', 257)}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("at most 256", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Same_strategy_is_served_on_the_path_go_samplers_poll()
    {
        var api = await _collector.Sampling.GetStringAsync("/api/sampling?service=checkout", TestContext.Current.CancellationToken);
        var legacy = await _collector.Sampling.GetStringAsync("/sampling?service=checkout", TestContext.Current.CancellationToken);

        Assert.Equal(api, legacy);
    }

    [Fact]
    public async Task Endpoint_is_served_only_on_the_sampling_port()
    {
        using var response = await _collector.Http.GetAsync("/api/sampling?service=checkout", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Off_mode_has_no_sampling_listener()
    {
        await using var collector = await SamplingCollector.StartAsync(SamplingCollector.NoKafka, TimeProvider.System, new Dictionary<string, string?> { ["Collector:Sampling:Mode"] = "Off" });

        await Assert.ThrowsAsync<HttpRequestException>(() => collector.Sampling.GetAsync("/api/sampling?service=checkout", TestContext.Current.CancellationToken));
    }

    private async Task<JsonDocument> GetJsonAsync(string service) =>
        JsonDocument.Parse(await _collector.Sampling.GetStringAsync($"/api/sampling?service={service}", TestContext.Current.CancellationToken));

    private static List<string> Names(JsonElement element) => [.. element.EnumerateObject().Select(p => p.Name)];
}
