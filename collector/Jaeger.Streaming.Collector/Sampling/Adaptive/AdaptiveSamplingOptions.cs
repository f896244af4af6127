namespace Jaeger.Streaming.Collector.Sampling.Adaptive;

/// <summary>
/// Adaptive sampling, bound from <c>Collector:Sampling:Adaptive</c>. The defaults are Jaeger's, except the caps,
/// which Jaeger does not have, and the topics, which replace Jaeger's storage-based coordination.
/// </summary>
internal sealed class AdaptiveSamplingOptions
{
    /// <summary>Traces per second each operation should be sampled at. Default 1.</summary>
    public double TargetTracesPerSecond { get; set; } = 1;

    /// <summary>Length of one counting bucket, and how often probabilities are recalculated. Default 00:01:00.</summary>
    public TimeSpan CalculationInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// How long after a bucket closes the calculator waits for every collector's counts before it calculates.
    /// Below <see cref="CalculationInterval"/>. Default 00:00:10.
    /// </summary>
    public TimeSpan CalculationDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The probability of an operation not calculated yet; also served as <c>defaultSamplingProbability</c>. Default 0.001.</summary>
    public double InitialProbability { get; set; } = 0.001;

    /// <summary>No calculated probability goes below this. Default 0.00001 (1e-5).</summary>
    public double MinProbability { get; set; } = 0.00001;

    /// <summary>Served as <c>defaultLowerBoundTracesPerSecond</c>: SDKs sample at least this many traces per second per operation. Default 1/60.</summary>
    public double LowerBoundTracesPerSecond { get; set; } = 1.0 / 60;

    /// <summary>Largest relative increase of a probability in one interval (0.5 = +50%). Decreases are not capped. Default 0.5.</summary>
    public double IncreaseCap { get; set; } = 0.5;

    /// <summary>An observed rate within this fraction of the target leaves the probability alone, to avoid flapping. Default 0.3.</summary>
    public double DeltaTolerance { get; set; } = 0.3;

    /// <summary>Intervals an operation keeps its probability without being seen; then it is forgotten. Default 10.</summary>
    public int OperationRetentionIntervals { get; set; } = 10;

    /// <summary>Most services counted and calculated; root spans of further services are not counted. Default 1000.</summary>
    public int MaxServices { get; set; } = 1000;

    /// <summary>Most operations per service counted and calculated; further operations get the service default. Default 500.</summary>
    public int MaxOperationsPerService { get; set; } = 500;

    /// <summary>Topic of per-collector root-span counts; one partition, whose owner in <see cref="CalculatorGroup"/> calculates. Default <c>jaeger-sampling-throughput</c>.</summary>
    public string ThroughputTopic { get; set; } = "jaeger-sampling-throughput";

    /// <summary>Compacted topic of calculated probabilities, keyed by service, read by every collector. Default <c>jaeger-sampling-probabilities</c>.</summary>
    public string ProbabilitiesTopic { get; set; } = "jaeger-sampling-probabilities";

    /// <summary>Consumer group that elects the calculator. Default <c>jaeger-sampling-calculator</c>.</summary>
    public string CalculatorGroup { get; set; } = "jaeger-sampling-calculator";

    /// <summary>This collector's name in the counts it publishes. Empty (the default) means the host name and a random suffix.</summary>
    public string CollectorId { get; set; } = "";
}
