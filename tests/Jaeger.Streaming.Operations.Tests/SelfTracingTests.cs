using System.Diagnostics;
using Jaeger.Streaming.Schemas.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace Jaeger.Streaming.Operations.Tests;

// One ActivitySource name is process-wide, so these tests must not overlap.
[Collection(nameof(SelfTracingTests))]
[CollectionDefinition(nameof(SelfTracingTests), DisableParallelization = true)]
public sealed class SelfTracingTests
{
    private const string Source = "Jaeger.Streaming.SelfTracingTests";

    [Fact]
    public void Is_off_by_default_with_no_provider_and_no_listener()
    {
        using var services = Services([]);

        Assert.Null(services.GetService<TracerProvider>());
        using var source = new ActivitySource(Source);
        Assert.False(source.HasListeners());
    }

    [Fact]
    public void Records_no_more_than_the_cap_in_one_second_and_again_in_the_next()
    {
        var clock = new ManualClock();
        using var services = Services(Enabled(maxSpansPerSecond: "5"), clock);
        services.GetRequiredService<TracerProvider>();
        using var source = new ActivitySource(Source);

        Assert.Equal(5, RecordedOf(source, 50));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(5, RecordedOf(source, 50));
    }

    [Fact]
    public void Ratio_zero_records_no_new_trace()
    {
        using var services = Services(Enabled(maxSpansPerSecond: "100", ratio: "0"), new ManualClock());
        services.GetRequiredService<TracerProvider>();
        using var source = new ActivitySource(Source);

        Assert.Equal(0, RecordedOf(source, 20));
    }

    [Fact]
    public void Refuses_to_start_without_an_endpoint_naming_the_key()
    {
        var settings = Enabled(maxSpansPerSecond: "5");
        settings.Remove("Telemetry:SelfTracing:Endpoint");

        var error = Assert.Throws<InvalidOperationException>(() => Services(settings));

        Assert.Contains("Telemetry:SelfTracing:Endpoint", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("MaxSpansPerSecond", "0")]
    [InlineData("SamplingRatio", "1.5")]
    [InlineData("Protocol", "udp")]
    public void Refuses_an_out_of_range_setting_naming_the_key(string key, string value)
    {
        var settings = Enabled(maxSpansPerSecond: "5");
        settings[$"Telemetry:SelfTracing:{key}"] = value;

        var error = Assert.Throws<InvalidOperationException>(() => Services(settings));

        Assert.Contains($"Telemetry:SelfTracing:{key}", error.Message, StringComparison.Ordinal);
    }

    private static int RecordedOf(ActivitySource source, int started)
    {
        var recorded = 0;
        for (var i = 0; i < started; i++)
        {
            using var activity = source.StartActivity("export");
            recorded += activity is { Recorded: true } ? 1 : 0;
        }

        return recorded;
    }

    private static Dictionary<string, string?> Enabled(string maxSpansPerSecond, string ratio = "1") => new()
    {
        ["Telemetry:SelfTracing:Enabled"] = "true",
        // Nothing listens there; the exporter's failures stay in the background.
        ["Telemetry:SelfTracing:Endpoint"] = "http://127.0.0.1:9",
        ["Telemetry:SelfTracing:SamplingRatio"] = ratio,
        ["Telemetry:SelfTracing:MaxSpansPerSecond"] = maxSpansPerSecond,
    };

    private static ServiceProvider Services(Dictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        services.AddSelfTracing(configuration, "jaeger-streaming-test", Source);
        return services.BuildServiceProvider();
    }

    private sealed class ManualClock : TimeProvider
    {
        private DateTimeOffset _now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;
    }
}
