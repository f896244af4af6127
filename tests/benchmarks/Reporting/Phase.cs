namespace Jaeger.Streaming.Benchmarks.Reporting;

/// <summary>What a counter did over one measured phase, with the wall and process CPU time it took.</summary>
internal readonly record struct PhaseResult(long Count, TimeSpan Wall, TimeSpan Cpu, TimeSpan GcPause = default, long Allocated = 0)
{
    public static PhaseResult Of(long count, CpuClock clock) => new(count, clock.Wall, clock.Cpu, clock.GcPause, clock.Allocated);

    /// <summary>Share of the wall time the process spent paused for garbage collection.</summary>
    public double GcPauseFraction => GcPause / Wall;

    public double AllocatedBytesPerItem => Count == 0 ? double.NaN : (double)Allocated / Count;

    public double PerSecond => Count / Wall.TotalSeconds;

    /// <summary>Process CPU seconds per million of what was counted; NaN when nothing was.</summary>
    public double CpuSecondsPerMillion => Count == 0 ? double.NaN : Cpu.TotalSeconds * 1_000_000 / Count;
}

/// <summary>Warms up, then reads a running counter at the start and end of the measured window.</summary>
internal static class Phase
{
    public static async Task<PhaseResult> MeasureAsync(Func<long> counter, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        await Task.Delay(warmup, cancellationToken);
        var before = counter();
        var clock = CpuClock.Start();
        await Task.Delay(duration, cancellationToken);
        var count = counter() - before;
        return PhaseResult.Of(count, clock);
    }
}
