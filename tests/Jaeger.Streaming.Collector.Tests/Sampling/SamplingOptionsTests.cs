using Jaeger.Streaming.Collector.Sampling;
using Jaeger.Streaming.Collector.Sampling.Adaptive;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>Bad sampling settings stop the collector with a message naming the key and the fix.</summary>
public sealed class SamplingOptionsTests
{
    private readonly SamplingOptionsValidator _validator = new(Options.Create(new CollectorOptions()));

    [Fact]
    public void Defaults_are_valid_and_serve_jaegers_default_probability_from_the_file_store()
    {
        var options = new SamplingOptions();

        Assert.True(_validator.Validate(null, options).Succeeded);
        Assert.Equal((SamplingMode.File, 5778, 14250, 0.001), (options.Mode, options.Port, options.GrpcPort, options.DefaultProbability));
    }

    [Fact]
    public void Adaptive_defaults_are_jaegers()
    {
        var adaptive = new AdaptiveSamplingOptions();

        Assert.Equal((1.0, TimeSpan.FromMinutes(1), 0.001, 0.00001, 1.0 / 60, 0.5), (adaptive.TargetTracesPerSecond, adaptive.CalculationInterval, adaptive.InitialProbability, adaptive.MinProbability, adaptive.LowerBoundTracesPerSecond, adaptive.IncreaseCap));
    }

    [Theory]
    [InlineData("Port", "Collector:Sampling:Port 4318 is already a Collector listener's port")]
    [InlineData("GrpcPort", "Collector:Sampling:GrpcPort 5778 is already a Collector listener's port")]
    [InlineData("GrpcPortOfOtlp", "Collector:Sampling:GrpcPort 4317 is already a Collector listener's port")]
    [InlineData("GrpcPortRange", "Collector:Sampling:GrpcPort 0 is not a TCP port; use 1 to 65535 (the default is 14250)")]
    [InlineData("DefaultProbability", "Collector:Sampling:DefaultProbability 2 is not a probability")]
    [InlineData("StrategiesFile", "Collector:Sampling:StrategiesFile '/nonexistent/strategies.json' does not exist")]
    public void File_mode_setting_out_of_range_is_named(string key, string message)
    {
        var options = new SamplingOptions();
        switch (key)
        {
            case "Port": options.Port = 4318; break;
            case "GrpcPort": options.GrpcPort = 5778; break;
            case "GrpcPortOfOtlp": options.GrpcPort = 4317; break;
            case "GrpcPortRange": options.GrpcPort = 0; break;
            case "DefaultProbability": options.DefaultProbability = 2; break;
            default: options.StrategiesFile = "/nonexistent/strategies.json"; break;
        }

        Assert.Contains(_validator.Validate(null, options).Failures!, f => f.StartsWith(message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("TargetTracesPerSecond", "Collector:Sampling:Adaptive:TargetTracesPerSecond 0 must be above 0")]
    [InlineData("CalculationDelay", "Collector:Sampling:Adaptive:CalculationDelay 00:01:00 must be at least 0 and below CalculationInterval")]
    [InlineData("MinProbability", "Collector:Sampling:Adaptive:MinProbability 0.01 is above InitialProbability 0.001")]
    [InlineData("MaxOperationsPerService", "Collector:Sampling:Adaptive:MaxOperationsPerService 0 must be at least 1")]
    [InlineData("Topics", "Collector:Sampling:Adaptive:ThroughputTopic and ProbabilitiesTopic are both 'same'")]
    public void Adaptive_setting_out_of_range_is_named(string key, string message)
    {
        var adaptive = new AdaptiveSamplingOptions();
        switch (key)
        {
            case "TargetTracesPerSecond": adaptive.TargetTracesPerSecond = 0; break;
            case "CalculationDelay": adaptive.CalculationDelay = TimeSpan.FromMinutes(1); break;
            case "MinProbability": adaptive.MinProbability = 0.01; break;
            case "MaxOperationsPerService": adaptive.MaxOperationsPerService = 0; break;
            default: adaptive.ThroughputTopic = adaptive.ProbabilitiesTopic = "same"; break;
        }

        var result = _validator.Validate(null, new SamplingOptions { Mode = SamplingMode.Adaptive, Adaptive = adaptive });

        Assert.Contains(result.Failures!, f => f.StartsWith(message, StringComparison.Ordinal));
    }
}
