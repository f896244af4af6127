namespace Jaeger.Streaming.Collector.Pipeline;

/// <summary>
/// A root span of an accepted request as adaptive sampling counts it: its service, its operation, and the probability
/// its SDK says it was sampled at (NaN when it says none).
/// </summary>
internal readonly record struct RootSpan(string Service, string Operation, double ReportedProbability)
{
    // Jaeger SDKs tag a root span with how it was sampled; only a probabilistic sampler's parameter is a probability.
    public const string SamplerTypeKey = "sampler.type";
    public const string SamplerParamKey = "sampler.param";
    public const string ProbabilisticSampler = "probabilistic";

    public static double Probability(bool probabilistic, double samplerParam) => probabilistic ? samplerParam : double.NaN;
}
