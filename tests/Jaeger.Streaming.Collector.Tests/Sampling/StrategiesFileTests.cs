using System.Text;
using Jaeger.Streaming.Collector.Sampling.Static;
using Jaeger.Streaming.Collector.Sampling.Strategies;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>Jaeger's strategies file: what parses to what, and what is refused with a message saying where.</summary>
public sealed class StrategiesFileTests
{
    [Fact]
    public void File_without_a_default_strategy_defaults_to_the_configured_probability()
    {
        var file = Parse("""{ "service_strategies": [ { "service": "checkout", "type": "probabilistic", "param": 0.3 } ] }""");

        Assert.Equal((0.3, 0.001), (file.For("checkout").SamplingRate, file.For("billing").SamplingRate));
    }

    [Fact]
    public void Rate_limited_service_does_not_inherit_the_default_operations()
    {
        var file = Parse("""
            { "service_strategies": [ { "service": "billing", "type": "ratelimiting", "param": 7 } ],
              "default_strategy": { "type": "probabilistic", "param": 0.5, "operation_strategies": [ { "operation": "/health", "type": "probabilistic", "param": 0 } ] } }
            """);

        Assert.Equal(SamplingStrategy.RateLimiting(7), file.For("billing"));
    }

    [Fact]
    public void Service_operation_overrides_the_default_operation_of_the_same_name()
    {
        var file = Parse("""
            { "service_strategies": [ { "service": "checkout", "type": "probabilistic", "param": 0.5,
                  "operation_strategies": [ { "operation": "/health", "type": "probabilistic", "param": 0.1 } ] } ],
              "default_strategy": { "type": "probabilistic", "param": 0.5, "operation_strategies": [ { "operation": "/health", "type": "probabilistic", "param": 0 } ] } }
            """);

        Assert.Equal([new OperationProbability("/health", 0.1)], file.For("checkout").Operations!.PerOperation);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "top level must be an object")]
    [InlineData("""{ "default_strategy": { "type": "probabilistic", "param": 1.5 } }""", "default_strategy: a probabilistic param is a probability from 0 to 1; got 1.5")]
    [InlineData("""{ "default_strategy": { "type": "sometimes", "param": 1 } }""", "type 'sometimes' is not a strategy")]
    [InlineData("""{ "service_strategies": [ { "type": "probabilistic", "param": 1 } ] }""", "service_strategies[0]: 'service' must be a non-empty string")]
    [InlineData("""{ "service_strategies": [ { "service": "a", "type": "ratelimiting", "param": 2.5 } ] }""", "ratelimiting param is whole traces per second")]
    [InlineData("""{ "service_strategies": [ { "service": "a", "type": "probabilistic", "param": 1 }, { "service": "a", "type": "probabilistic", "param": 1 } ] }""", "service 'a' is listed twice")]
    [InlineData("""{ "service_strategies": [ { "service": "a", "type": "probabilistic", "param": 1, "operation_strategies": [ { "operation": "x", "type": "ratelimiting", "param": 1 } ] } ] }""", "per-operation strategies can only be probabilistic")]
    [InlineData("""{ "service_strategies": [ { "service": "a", "type": "probabilistic", "param": "0.5" } ] }""", "'param' must be a number")]
    public void Malformed_file_is_refused_saying_where(string json, string message)
    {
        var error = Assert.Throws<FormatException>(() => Parse(json));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    private static StrategiesFile Parse(string json) => StrategiesFile.Parse(Encoding.UTF8.GetBytes(json), 0.001);
}
