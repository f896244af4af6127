using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>File mode reloads the file when it changes; a malformed file keeps the last good strategies and logs an error.</summary>
public sealed class StrategiesReloadTests : IAsyncLifetime
{
    private static readonly TimeSpan ReloadInterval = TimeSpan.FromSeconds(10);

    private readonly string _file = Path.Combine(Path.GetTempPath(), $"strategies-{Guid.NewGuid():N}.json");
    private readonly ManualClock _clock = ManualClock.NearNow();
    private readonly LogCapture _logs = new();
    private SamplingCollector _collector = null!;
    private DateTimeOffset _start;

    public async ValueTask InitializeAsync()
    {
        await WriteAsync(0.25);
        _start = _clock.GetUtcNow();
        _collector = await SamplingCollector.StartAsync(SamplingCollector.NoKafka, _clock, new Dictionary<string, string?>
        {
            ["Collector:Sampling:StrategiesFile"] = _file,
            ["Collector:Sampling:ReloadInterval"] = ReloadInterval.ToString(),
        }, _logs);
    }

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        File.Delete(_file);
    }

    [Fact]
    public async Task Changed_file_is_served_after_the_next_check()
    {
        await WriteAsync(0.75);

        await NextCheckAsync();

        await WaitUntilAsync(async () => (await _collector.StrategyAsync("checkout")).SamplingRate == 0.75);
    }

    [Fact]
    public async Task Malformed_file_keeps_the_last_good_strategies_and_logs_an_error()
    {
        await File.WriteAllTextAsync(_file, """{ "default_strategy": { "type": "probabilistic", "param": 7 } }""", TestContext.Current.CancellationToken);

        await NextCheckAsync();
        await WaitUntilAsync(() => Task.FromResult(_logs.Warnings.Any(w => w.Contains(_file, StringComparison.Ordinal))));

        var error = Assert.Single(_logs.Warnings, w => w.Contains(_file, StringComparison.Ordinal));
        Assert.Contains("last good strategies are still served", error, StringComparison.Ordinal);
        Assert.Contains("got 7", error, StringComparison.Ordinal);
        Assert.Equal(0.25, (await _collector.StrategyAsync("checkout")).SamplingRate);
    }

    [Fact]
    public async Task Fixed_file_after_a_malformed_one_is_served()
    {
        await File.WriteAllTextAsync(_file, "{ not json", TestContext.Current.CancellationToken);
        await NextCheckAsync();
        await WaitUntilAsync(() => Task.FromResult(_logs.Warnings.Any(w => w.Contains(_file, StringComparison.Ordinal))));

        await WriteAsync(0.5);
        await NextCheckAsync();

        await WaitUntilAsync(async () => (await _collector.StrategyAsync("checkout")).SamplingRate == 0.5);
    }

    [Fact]
    public async Task Malformed_file_at_start_stops_the_collector_naming_the_setting()
    {
        var bad = Path.Combine(Path.GetTempPath(), $"strategies-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(bad, """{ "service_strategies": 3 }""", TestContext.Current.CancellationToken);
        try
        {
            var error = await Assert.ThrowsAnyAsync<Exception>(() => SamplingCollector.StartAsync(SamplingCollector.NoKafka, _clock, new Dictionary<string, string?> { ["Collector:Sampling:StrategiesFile"] = bad }));

            Assert.Contains("Collector:Sampling:StrategiesFile", error.ToString(), StringComparison.Ordinal);
            Assert.Contains("service_strategies must be an array", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    private Task WriteAsync(double probability) => File.WriteAllTextAsync(
        _file,
        $$"""{ "default_strategy": { "type": "probabilistic", "param": {{probability.ToString(System.Globalization.CultureInfo.InvariantCulture)}} } }""",
        TestContext.Current.CancellationToken);

    /// <summary>Moves the clock to the file check's next tick, once the reload loop is waiting for it.</summary>
    private async Task NextCheckAsync()
    {
        var due = NextTick();
        await _clock.WaitForTimersAsync(due, 1);
        _clock.AdvanceTo(due);
    }

    private DateTimeOffset NextTick()
    {
        // The periodic timer started with the host: ticks fall on start + n × interval.
        var elapsed = _clock.GetUtcNow() - _start;
        return _start + (ReloadInterval * (Math.Floor(elapsed / ReloadInterval) + 1));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(20, deadline.Token);
        }
    }
}
