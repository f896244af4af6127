using Jaeger.Streaming.Collector.Sampling;
using Jaeger.Streaming.Collector.Sampling.Adaptive;
using Jaeger.Streaming.Collector.Telemetry;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>Jaeger's adaptive calculation against hand-computed cases, with Jaeger's defaults (target 1/s, 1 min, +50%, 30%).</summary>
public sealed class ProbabilityCalculatorTests
{
    private const long Minute = 60_000;
    private static readonly DateTimeOffset Start = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly long Bucket = Start.ToUnixTimeMilliseconds();

    private readonly ProbabilityCalculator _calculator = new(new AdaptiveSamplingOptions());

    [Fact]
    public void Increase_is_capped_at_fifty_percent_per_interval()
    {
        // 0.1 × 1 / 0.5 = 0.2 would double it; the cap allows 0.1 × 1.5.
        Assert.Equal(0.15, _calculator.Next(0.1, 0.5, []), 12);
    }

    [Fact]
    public void Increase_below_the_cap_is_applied_whole()
    {
        // 0.1 × 1 / 0.7 = 0.142857…, +42.9%.
        Assert.Equal(0.1 / 0.7, _calculator.Next(0.1, 0.7, []), 12);
    }

    [Fact]
    public void Decrease_is_applied_at_once()
    {
        // 10 traces/s against a target of 1: a tenth of the probability, in one interval.
        Assert.Equal(0.01, _calculator.Next(0.1, 10, []), 12);
    }

    [Fact]
    public void Probability_never_goes_below_the_minimum()
    {
        // 0.0001 × 1 / 1000 = 1e-7, below the 1e-5 minimum.
        Assert.Equal(0.00001, _calculator.Next(0.0001, 1000, []), 12);
    }

    [Fact]
    public void Probability_never_goes_above_one()
    {
        Assert.Equal(1.0, _calculator.Next(0.9, 0.5, []), 12);
    }

    [Fact]
    public void Rate_within_tolerance_of_the_target_keeps_the_probability()
    {
        Assert.Equal(0.2, _calculator.Next(0.2, 1.2, []), 12);
    }

    [Fact]
    public void Operation_with_nothing_observed_doubles()
    {
        Assert.Equal(0.02, _calculator.Next(0.01, 0, []), 12);
    }

    [Fact]
    public void New_operation_starts_from_the_initial_probability()
    {
        // No previous probability: 0.001 × 1 / 10 = 0.0001.
        Assert.Equal(0.0001, _calculator.Next(null, 10, []), 12);
    }

    [Fact]
    public void New_operation_is_calculated_from_the_initial_probability_with_the_cap()
    {
        // 12 root spans in a minute = 0.2/s; 0.001 / 0.2 = 0.005 is capped to 0.0015.
        var result = _calculator.Calculate(Bucket, [], [Throughput("checkout", "GET /cart", 12)]);

        var operation = Assert.Single(Assert.Single(result).Operations);
        Assert.Equal(("GET /cart", 0.0015, 0.2, Bucket), (operation.Operation, Math.Round(operation.Probability, 12), operation.ObservedTracesPerSecond, operation.LastSeenBucketStart));
    }

    [Fact]
    public void Sdk_reporting_another_probability_is_not_following_and_keeps_its_own()
    {
        Assert.Equal(0.05, _calculator.Next(0.05, 10, [0.5]), 12);
    }

    [Fact]
    public void Sdk_reporting_the_served_probability_is_recalculated()
    {
        Assert.Equal(0.005, _calculator.Next(0.05, 10, [0.05]), 12);
    }

    [Fact]
    public void Counts_of_every_collector_are_summed()
    {
        // 300 + 300 root spans in a minute = 10/s: 0.1 → 0.01.
        var previous = Previous("checkout", ("GET /cart", 0.1, Bucket - Minute));

        var result = _calculator.Calculate(Bucket, [previous], [Throughput("checkout", "GET /cart", 300), Throughput("checkout", "GET /cart", 300)]);

        Assert.Equal(0.01, Assert.Single(Assert.Single(result).Operations).Probability, 12);
    }

    [Fact]
    public void Operation_unseen_within_retention_doubles_and_keeps_when_it_was_last_seen()
    {
        var previous = Previous("checkout", ("GET /cart", 0.1, Bucket - (3 * Minute)));

        var operation = Assert.Single(Assert.Single(_calculator.Calculate(Bucket, [previous], [])).Operations);

        Assert.Equal((0.2, Bucket - (3 * Minute)), (Math.Round(operation.Probability, 12), operation.LastSeenBucketStart));
    }

    [Fact]
    public void Operation_unseen_for_the_retention_period_is_forgotten()
    {
        var previous = Previous("checkout", ("GET /cart", 0.1, Bucket - (10 * Minute)));

        var service = Assert.Single(_calculator.Calculate(Bucket, [previous], []));

        Assert.Empty(service.Operations);
    }

    [Fact]
    public void Operations_per_service_are_capped()
    {
        var calculator = new ProbabilityCalculator(new AdaptiveSamplingOptions { MaxOperationsPerService = 2 });

        var result = calculator.Calculate(Bucket, [], [Throughput("checkout", "a", 60), Throughput("checkout", "b", 60), Throughput("checkout", "c", 60)]);

        Assert.Equal(2, Assert.Single(result).Operations.Count);
    }

    [Fact]
    public void Services_are_capped()
    {
        var calculator = new ProbabilityCalculator(new AdaptiveSamplingOptions { MaxServices = 1 });

        var result = calculator.Calculate(Bucket, [], [Throughput("checkout", "a", 60), Throughput("billing", "a", 60)]);

        Assert.Single(result);
    }

    [Fact]
    public void Lower_bound_is_served_with_every_adaptive_strategy()
    {
        var strategies = Strategies(new AdaptiveSamplingOptions { LowerBoundTracesPerSecond = 0.5 });
        strategies.Apply(Previous("checkout", ("GET /cart", 0.25, Bucket)));

        var calculated = strategies.For("checkout").Operations!;
        var unknown = strategies.For("billing").Operations!;

        Assert.Equal((0.5, 0.5), (calculated.DefaultLowerBoundTracesPerSecond, unknown.DefaultLowerBoundTracesPerSecond));
    }

    [Fact]
    public void Lower_bound_defaults_to_one_trace_a_minute()
    {
        var strategy = Strategies(new AdaptiveSamplingOptions()).For("checkout");

        Assert.Equal(1.0 / 60, strategy.Operations!.DefaultLowerBoundTracesPerSecond, 12);
    }

    [Fact]
    public void Operation_below_the_lower_bound_at_probability_one_stays_at_one()
    {
        // 0.005/s observed at p = 1: nothing more to sample probabilistically; the SDK's lower bound does the rest.
        Assert.Equal(1.0, _calculator.Next(1.0, 0.005, []), 12);
    }

    private static AdaptiveStrategies Strategies(AdaptiveSamplingOptions adaptive) =>
        new(Options.Create(new SamplingOptions { Mode = SamplingMode.Adaptive, Adaptive = adaptive }),
            new SamplingMetrics(Metrics.NewCustomRegistry(), Options.Create(new CollectorMetricsOptions())));

    private static OperationThroughput Throughput(string service, string operation, long count) => new(service, operation, count, []);

    private static ServiceProbabilities Previous(string service, params (string Operation, double Probability, long LastSeen)[] operations) =>
        new(service, Bucket - Minute, [.. operations.Select(o => new OperationProbabilityState(o.Operation, o.Probability, 1, o.LastSeen))]);
}
