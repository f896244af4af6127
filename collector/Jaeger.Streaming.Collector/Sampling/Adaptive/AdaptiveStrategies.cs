using System.Collections.Concurrent;
using Jaeger.Streaming.Collector.Sampling.Strategies;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Sampling.Adaptive;

/// <summary>
/// The adaptive probabilities this collector serves, as read from the probabilities topic. A service not
/// calculated yet gets Jaeger's adaptive default: <c>InitialProbability</c> for every operation, with the lower bound.
/// </summary>
internal sealed class AdaptiveStrategies : ISamplingStrategies
{
    private readonly ConcurrentDictionary<string, Served> _services = new(StringComparer.Ordinal);
    private readonly AdaptiveSamplingOptions _options;
    private readonly SamplingMetrics _metrics;
    private readonly SamplingStrategy _default;
    private long _latestBucket = long.MinValue;

    public AdaptiveStrategies(IOptions<SamplingOptions> options, SamplingMetrics metrics)
    {
        _options = options.Value.Adaptive;
        _metrics = metrics;
        _default = Strategy([]);
    }

    /// <summary>The start of the newest bucket whose probabilities were received; <see cref="long.MinValue"/> before any.</summary>
    public long LatestBucket => Interlocked.Read(ref _latestBucket);

    public SamplingStrategy For(string service) => _services.TryGetValue(service, out var served) ? served.Strategy : _default;

    public List<ServiceProbabilities> Snapshot()
    {
        var snapshot = new List<ServiceProbabilities>(_services.Count);
        foreach (var (_, served) in _services)
        {
            snapshot.Add(served.State);
        }

        return snapshot;
    }

    public void Apply(ServiceProbabilities state)
    {
        var operations = new List<OperationProbability>(state.Operations.Count);
        foreach (var operation in state.Operations)
        {
            operations.Add(new OperationProbability(operation.Operation, operation.Probability));
            _metrics.Probability(state.Service, operation.Operation, operation.Probability);
        }

        if (_services.TryGetValue(state.Service, out var before))
        {
            ForgetMissing(before.State, state);
        }

        _services[state.Service] = new Served(state, Strategy(operations));
        Advance(state.BucketStart);
    }

    public void Remove(string service)
    {
        if (_services.TryRemove(service, out var before))
        {
            ForgetMissing(before.State, null);
        }
    }

    private void ForgetMissing(ServiceProbabilities before, ServiceProbabilities? after)
    {
        foreach (var operation in before.Operations)
        {
            if (after is null || !after.Operations.Exists(o => o.Operation == operation.Operation))
            {
                _metrics.Forget(before.Service, operation.Operation);
            }
        }
    }

    private void Advance(long bucket)
    {
        var seen = Interlocked.Read(ref _latestBucket);
        while (bucket > seen)
        {
            var previous = Interlocked.CompareExchange(ref _latestBucket, bucket, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }

    // Jaeger's adaptive response carries no probabilisticSampling; ours adds it with the default, for SDKs that read only it.
    private SamplingStrategy Strategy(IReadOnlyList<OperationProbability> operations) => SamplingStrategy.Probabilistic(
        _options.InitialProbability,
        new OperationSampling(_options.InitialProbability, _options.LowerBoundTracesPerSecond, operations));

    private sealed record Served(ServiceProbabilities State, SamplingStrategy Strategy);
}
