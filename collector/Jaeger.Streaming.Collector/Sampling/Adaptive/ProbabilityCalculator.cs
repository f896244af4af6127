namespace Jaeger.Streaming.Collector.Sampling.Adaptive;

/// <summary>
/// Jaeger's adaptive-sampling calculation. Per operation, p' = p × target / observed, with an increase capped at
/// <c>IncreaseCap</c> per interval and a decrease applied at once; an observed rate within <c>DeltaTolerance</c> of the
/// target keeps p; nothing observed doubles p; the result stays within [<c>MinProbability</c>, 1]. An operation not
/// calculated before starts from <c>InitialProbability</c>. Operations whose SDK reports sampling at other
/// probabilities than the one served are not following the strategy, and keep theirs.
/// </summary>
internal sealed class ProbabilityCalculator(AdaptiveSamplingOptions options)
{
    private readonly long _intervalMs = (long)options.CalculationInterval.TotalMilliseconds;

    /// <summary>The next probability of one operation.</summary>
    /// <param name="previous">Its current probability; null for an operation not calculated yet.</param>
    /// <param name="observed">Root spans per second received for it in the bucket.</param>
    /// <param name="reported">The probabilities its SDKs reported sampling at; empty when they report none.</param>
    public double Next(double? previous, double observed, IReadOnlyCollection<double> reported)
    {
        var current = previous ?? options.InitialProbability;
        if (!Follows(current, reported) || Math.Abs(observed - options.TargetTracesPerSecond) < options.DeltaTolerance * options.TargetTracesPerSecond)
        {
            return current;
        }

        double next;
        if (observed <= 0)
        {
            next = current * 2;
        }
        else
        {
            next = current * options.TargetTracesPerSecond / observed;
            next = Math.Min(next, current * (1 + options.IncreaseCap));
        }

        return Math.Clamp(next, options.MinProbability, 1.0);
    }

    /// <summary>
    /// Every service's probabilities after <paramref name="bucketStart"/>: the services and operations calculated before,
    /// plus those in <paramref name="throughput"/> up to the caps. An operation unseen for <c>OperationRetentionIntervals</c>
    /// is forgotten; a service left with no operation comes back with an empty list, so it can be removed.
    /// </summary>
    public List<ServiceProbabilities> Calculate(long bucketStart, IReadOnlyCollection<ServiceProbabilities> previous, IEnumerable<OperationThroughput> throughput)
    {
        var observed = Sum(throughput);
        var seconds = options.CalculationInterval.TotalSeconds;
        var results = new List<ServiceProbabilities>();
        var previousServices = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in previous)
        {
            previousServices.Add(service.Service);
            var seen = observed.GetValueOrDefault(service.Service);
            var operations = new List<OperationProbabilityState>();
            var known = new HashSet<string>(StringComparer.Ordinal);
            foreach (var operation in service.Operations)
            {
                known.Add(operation.Operation);
                if (seen is not null && seen.TryGetValue(operation.Operation, out var counted))
                {
                    var rate = counted.Count / seconds;
                    operations.Add(new(operation.Operation, Next(operation.Probability, rate, counted.Probabilities), rate, bucketStart));
                }
                else if ((bucketStart - operation.LastSeenBucketStart) / _intervalMs < options.OperationRetentionIntervals)
                {
                    operations.Add(new(operation.Operation, Next(operation.Probability, 0, []), 0, operation.LastSeenBucketStart));
                }
            }

            AddNew(operations, known, seen, bucketStart, seconds);
            results.Add(new ServiceProbabilities(service.Service, bucketStart, operations));
        }

        foreach (var (service, seen) in observed)
        {
            if (!previousServices.Contains(service) && results.Count < options.MaxServices)
            {
                var operations = new List<OperationProbabilityState>();
                AddNew(operations, [], seen, bucketStart, seconds);
                results.Add(new ServiceProbabilities(service, bucketStart, operations));
            }
        }

        return results;
    }

    private void AddNew(List<OperationProbabilityState> operations, HashSet<string> known, Dictionary<string, Counted>? seen, long bucketStart, double seconds)
    {
        if (seen is null)
        {
            return;
        }

        foreach (var (operation, counted) in seen)
        {
            if (!known.Contains(operation) && operations.Count < options.MaxOperationsPerService)
            {
                var rate = counted.Count / seconds;
                operations.Add(new(operation, Next(null, rate, counted.Probabilities), rate, bucketStart));
            }
        }
    }

    private static Dictionary<string, Dictionary<string, Counted>> Sum(IEnumerable<OperationThroughput> throughput)
    {
        var services = new Dictionary<string, Dictionary<string, Counted>>(StringComparer.Ordinal);
        foreach (var entry in throughput)
        {
            if (!services.TryGetValue(entry.Service, out var operations))
            {
                services[entry.Service] = operations = new(StringComparer.Ordinal);
            }

            if (!operations.TryGetValue(entry.Operation, out var counted))
            {
                operations[entry.Operation] = counted = new Counted();
            }

            counted.Count += entry.Count;
            counted.Probabilities.UnionWith(entry.Probabilities);
        }

        return services;
    }

    /// <summary>
    /// Whether the SDK samples at the probability served. The initial probability is assumed followed (a new
    /// service), and so is an SDK that reports no probability at all: OTel SDKs set no sampler attributes.
    /// </summary>
    private bool Follows(double current, IReadOnlyCollection<double> reported)
    {
        if (reported.Count == 0 || Close(current, options.InitialProbability))
        {
            return true;
        }

        foreach (var probability in reported)
        {
            if (Close(probability, current))
            {
                return true;
            }
        }

        return false;
    }

    private static bool Close(double a, double b) => Math.Abs(a - b) <= 1e-9 * Math.Max(Math.Abs(a), Math.Abs(b));

    private sealed class Counted
    {
        public long Count { get; set; }

        public HashSet<double> Probabilities { get; } = [];
    }
}
