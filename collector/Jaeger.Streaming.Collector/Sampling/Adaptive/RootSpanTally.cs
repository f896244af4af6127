using System.Collections.Concurrent;
using Jaeger.Streaming.Collector.Pipeline;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Sampling.Adaptive;

/// <summary>
/// Counts accepted root spans per (service, operation) for the current bucket, in adaptive mode only. It sits on
/// the export path, so a known operation costs two dictionary lookups and an interlocked increment, no allocation.
/// Services and operations past the caps are not counted, so a client inventing names cannot grow it without bound.
/// </summary>
internal sealed class RootSpanTally
{
    private readonly bool _enabled;
    private readonly AdaptiveSamplingOptions _options;
    private readonly ConcurrentDictionary<string, ServiceTally> _services = new(StringComparer.Ordinal);
    private int _serviceCount;

    public RootSpanTally(IOptions<SamplingOptions> options)
    {
        _enabled = options.Value.Mode == SamplingMode.Adaptive;
        _options = options.Value.Adaptive;
    }

    /// <summary>Whether root spans are counted at all (adaptive mode); when not, a census need not collect them.</summary>
    public bool IsEnabled => _enabled;

    /// <summary>Counts the root spans of an accepted request.</summary>
    public void Count(SpanCensus census)
    {
        if (!_enabled)
        {
            return;
        }

        var roots = census.RootSpans;
        string? serviceName = null;
        ServiceTally? service = null;
        for (var i = 0; i < roots.Count; i++)
        {
            var root = roots[i];
            if (!string.Equals(root.Service, serviceName, StringComparison.Ordinal))
            {
                serviceName = root.Service;
                service = Service(serviceName);
            }

            service?.Operation(root.Operation)?.Add(root.ReportedProbability);
        }
    }

    /// <summary>Takes the counts since the last call; entries idle for the retention period are dropped.</summary>
    public List<OperationThroughput> Drain()
    {
        var drained = new List<OperationThroughput>();
        foreach (var (name, service) in _services)
        {
            if (service.Drain(name, drained, _options.OperationRetentionIntervals) && _services.TryRemove(name, out _))
            {
                Interlocked.Decrement(ref _serviceCount);
            }
        }

        return drained;
    }

    private ServiceTally? Service(string name)
    {
        if (_services.TryGetValue(name, out var service))
        {
            return service;
        }

        if (Interlocked.Increment(ref _serviceCount) > _options.MaxServices)
        {
            Interlocked.Decrement(ref _serviceCount);
            return null;
        }

        var created = new ServiceTally(_options.MaxOperationsPerService);
        if (_services.TryAdd(name, created))
        {
            return created;
        }

        // Another request added it first: give back the slot reserved above.
        Interlocked.Decrement(ref _serviceCount);
        return _services.GetValueOrDefault(name);
    }

    private sealed class ServiceTally(int maxOperations)
    {
        private readonly ConcurrentDictionary<string, OperationTally> _operations = new(StringComparer.Ordinal);
        private int _operationCount;

        public OperationTally? Operation(string name)
        {
            if (_operations.TryGetValue(name, out var operation))
            {
                return operation;
            }

            if (Interlocked.Increment(ref _operationCount) > maxOperations)
            {
                Interlocked.Decrement(ref _operationCount);
                return null;
            }

            var created = new OperationTally();
            if (_operations.TryAdd(name, created))
            {
                return created;
            }

            Interlocked.Decrement(ref _operationCount);
            return _operations.GetValueOrDefault(name);
        }

        /// <summary>Adds this service's counts to <paramref name="drained"/>; true when it has been idle long enough to drop.</summary>
        public bool Drain(string service, List<OperationThroughput> drained, int retention)
        {
            foreach (var (name, operation) in _operations)
            {
                var count = operation.Take(out var probabilities);
                if (count > 0)
                {
                    drained.Add(new OperationThroughput(service, name, count, probabilities));
                }
                else if (operation.IdleFor() >= retention && _operations.TryRemove(name, out _))
                {
                    Interlocked.Decrement(ref _operationCount);
                }
            }

            return _operations.IsEmpty;
        }
    }

    private sealed class OperationTally
    {
        /// <summary>Distinct reported probabilities kept per bucket; SDKs of one service rarely disagree on more.</summary>
        private const int MaxProbabilities = 8;

        private readonly List<double> _probabilities = [];
        private long _count;
        private int _idle;

        public void Add(double probability)
        {
            Interlocked.Increment(ref _count);
            if (!double.IsNaN(probability))
            {
                lock (_probabilities)
                {
                    if (_probabilities.Count < MaxProbabilities && !_probabilities.Contains(probability))
                    {
                        _probabilities.Add(probability);
                    }
                }
            }
        }

        public long Take(out List<double> probabilities)
        {
            var count = Interlocked.Exchange(ref _count, 0);
            lock (_probabilities)
            {
                probabilities = [.. _probabilities];
                _probabilities.Clear();
            }

            _idle = count > 0 ? 0 : _idle + 1;
            return count;
        }

        public int IdleFor() => _idle;
    }
}
