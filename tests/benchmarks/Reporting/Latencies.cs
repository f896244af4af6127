using System.Diagnostics;

namespace Jaeger.Streaming.Benchmarks.Reporting;

/// <summary>Request latencies in <see cref="Stopwatch"/> ticks; one instance per worker, merged after the run, so recording takes no lock.</summary>
internal sealed class Latencies
{
    private readonly List<long> _ticks = new(capacity: 16 * 1024);

    public int Count => _ticks.Count;

    public void Record(long ticks) => _ticks.Add(ticks);

    public static Latencies Merge(IEnumerable<Latencies> parts)
    {
        var merged = new Latencies();
        foreach (var part in parts)
        {
            merged._ticks.AddRange(part._ticks);
        }

        merged._ticks.Sort();
        return merged;
    }

    /// <summary>Milliseconds at <paramref name="percentile"/> (nearest rank); NaN when nothing was recorded. Call on a merged instance.</summary>
    public double PercentileMs(double percentile)
    {
        if (_ticks.Count == 0)
        {
            return double.NaN;
        }

        var rank = (int)Math.Ceiling(percentile / 100 * _ticks.Count) - 1;
        return _ticks[Math.Clamp(rank, 0, _ticks.Count - 1)] * 1000.0 / Stopwatch.Frequency;
    }
}
