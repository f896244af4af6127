namespace Jaeger.Streaming.Collector.Sampling.Strategies;

/// <summary>
/// What one service's SDKs are told, in the shape of Jaeger's <c>SamplingStrategyResponse</c>: either a probabilistic
/// rate (optionally refined per operation) or a rate limit.
/// </summary>
internal sealed record SamplingStrategy(
    SamplingStrategyType Type,
    double SamplingRate,
    int MaxTracesPerSecond,
    OperationSampling? Operations)
{
    public static SamplingStrategy Probabilistic(double samplingRate, OperationSampling? operations = null) =>
        new(SamplingStrategyType.Probabilistic, samplingRate, 0, operations);

    public static SamplingStrategy RateLimiting(int maxTracesPerSecond) =>
        new(SamplingStrategyType.RateLimiting, 0, maxTracesPerSecond, null);
}

/// <summary>Jaeger's <c>SamplingStrategyType</c>.</summary>
internal enum SamplingStrategyType
{
    Probabilistic,
    RateLimiting,
}

/// <summary>Jaeger's <c>PerOperationSamplingStrategies</c>.</summary>
internal sealed record OperationSampling(
    double DefaultSamplingProbability,
    double DefaultLowerBoundTracesPerSecond,
    IReadOnlyList<OperationProbability> PerOperation);

/// <summary>One entry of <c>perOperationStrategies</c>.</summary>
internal readonly record struct OperationProbability(string Operation, double SamplingRate);
