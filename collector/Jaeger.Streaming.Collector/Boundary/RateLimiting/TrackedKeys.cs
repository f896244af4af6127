using System.Collections.Concurrent;

namespace Jaeger.Streaming.Collector.Boundary.RateLimiting;

/// <summary>
/// Admits at most <c>capacity</c> distinct partition keys (service names, tenants), forgetting keys idle for a
/// minute; keys beyond the capacity map to <see cref="Overflow"/>. Clients choose service names freely, so without
/// this a flood of invented names would grow the limiter table without bound.
/// </summary>
internal sealed class TrackedKeys(int capacity, TimeProvider time)
{
    /// <summary>Cannot collide with a real name: configuration and OTLP strings do not start with NUL in practice, and it is never echoed.</summary>
    public const string Overflow = "\0overflow";

    private static readonly TimeSpan IdleAfter = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, long> _lastSeen = new(StringComparer.Ordinal);
    private int _count;
    private long _lastSweep;

    public string Admit(string key)
    {
        var now = time.GetTimestamp();
        if (_lastSeen.ContainsKey(key))
        {
            _lastSeen[key] = now;
            return key;
        }

        if (Volatile.Read(ref _count) >= capacity && !Sweep(now))
        {
            return Overflow;
        }

        if (_lastSeen.TryAdd(key, now))
        {
            Interlocked.Increment(ref _count);
        }

        return key;
    }

    /// <summary>Forgets idle keys, at most once a second (it walks the table); true when that made room.</summary>
    private bool Sweep(long now)
    {
        var last = Volatile.Read(ref _lastSweep);
        if (time.GetElapsedTime(last, now) < TimeSpan.FromSeconds(1) || Interlocked.CompareExchange(ref _lastSweep, now, last) != last)
        {
            return false;
        }

        foreach (var (key, seen) in _lastSeen)
        {
            if (time.GetElapsedTime(seen, now) > IdleAfter && _lastSeen.TryRemove(key, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        return Volatile.Read(ref _count) < capacity;
    }
}
