using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Benchmarks.Reporting;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// Runs one sink's steps: a step offers a fixed rate for the step's duration and measures what the sink took. A step
/// is kept when the sink took at least 90% of what was offered during it (a low-rate step holds few records, so batch
/// boundaries alone move the count by several percent) and ended less than one second of load behind.
/// </summary>
internal sealed class RateSteps(PacedProducer producer, Func<long> sunk, StallWatch stalls, TimeSpan duration)
{
    // The mock keeps a bounded log per partition (DESIGN §5), so a backlog loses its oldest records; they are never
    // taken, and "behind" counts from what was left after the last drain.
    private long _lost;

    public async Task<RateStep> RunAsync(double rate, CancellationToken cancellationToken)
    {
        producer.SpansPerSecond = rate;
        var (producedBefore, sunkBefore, gen0Before) = (producer.Produced, sunk(), GC.CollectionCount(0));
        var clock = CpuClock.Start();
        stalls.TakeLongest();
        await Task.Delay(duration, cancellationToken);
        var stall = stalls.TakeLongest();
        var (produced, taken) = (producer.Produced - producedBefore, sunk() - sunkBefore);
        var wall = clock.Wall.TotalSeconds;
        var behind = producer.Produced - sunk() - _lost;
        return new RateStep(
            rate,
            produced / wall,
            taken,
            taken / wall,
            behind,
            stall,
            GC.CollectionCount(0) - gen0Before,
            clock.GcPause,
            taken == 0 ? double.NaN : clock.Cpu.TotalSeconds * 1_000_000 / taken,
            taken == 0 ? double.NaN : (double)clock.Allocated / taken,
            taken >= 0.9 * produced && behind < rate);
    }

    /// <summary>Stops producing until the sink has taken everything still held, or has taken nothing for 2 s (up to 60 s).</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        producer.SpansPerSecond = 0;
        var deadline = DateTime.UtcNow.AddSeconds(60);
        var (last, movedAt) = (sunk(), DateTime.UtcNow);
        while (producer.Produced - sunk() > _lost && DateTime.UtcNow - movedAt < TimeSpan.FromSeconds(2) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, cancellationToken);
            if (sunk() != last)
            {
                (last, movedAt) = (sunk(), DateTime.UtcNow);
            }
        }

        _lost = Math.Max(_lost, producer.Produced - sunk());
    }
}

/// <summary>What one step offered and what the sink took, with the longest stall, the GC's share, and the process's CPU and allocation per span.</summary>
internal sealed record RateStep(
    double Rate,
    double Produced,
    long Taken,
    double Achieved,
    long Behind,
    Stall Stall,
    int Gen0Collections,
    TimeSpan GcPause,
    double CpuSecondsPerMillionSpans,
    double AllocatedBytesPerSpan,
    bool Kept)
{
    public override string ToString() =>
        $"offered {Rate:N0} spans/s, produced {Produced:N0}, took {Achieved:N0} spans/s, {Behind:N0} behind; "
        + $"longest stall {Stall.Length.TotalMilliseconds:N0} ms at {Stall.StartedUtc:HH:mm:ss.f} (GC {Stall.GcPause.TotalMilliseconds:N0} ms of it); "
        + $"GC {GcPause.TotalMilliseconds:N0} ms in {Gen0Collections} gen0; {CpuSecondsPerMillionSpans:N1} CPU s/M, {AllocatedBytesPerSpan / 1024:N1} KB/span allocated"
        + (Kept ? "" : " — not sustained");
}
