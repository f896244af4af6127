using System.Collections.Concurrent;

namespace Jaeger.Streaming.Collector.Telemetry;

/// <summary>
/// Label values chosen by clients (service names, tenants), admitted up to a capacity and kept for the process's
/// life, as their series are; later values become <see cref="Other"/>. Values are cut to a length a dashboard can show.
/// </summary>
internal sealed class BoundedLabels(int capacity)
{
    public const string Other = "_other";

    private const int MaxLength = 128;

    private readonly ConcurrentDictionary<string, byte> _admitted = new(StringComparer.Ordinal);
    private int _count;

    public string Of(string value)
    {
        var label = value.Length <= MaxLength ? value : value[..MaxLength];
        if (_admitted.ContainsKey(label))
        {
            return label;
        }

        // Reserve a slot first, so concurrent callers can never admit more than the capacity.
        if (Interlocked.Increment(ref _count) > capacity)
        {
            Interlocked.Decrement(ref _count);
            return Other;
        }

        if (!_admitted.TryAdd(label, 0))
        {
            Interlocked.Decrement(ref _count);
        }

        return label;
    }
}
