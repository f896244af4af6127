using System.Diagnostics;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// Samples a sink's running count every 10 ms on its own thread and keeps the longest stretch in which the count did
/// not move, with the GC pause time inside it: a step that falls short by one long stall is then told apart from one
/// that is slow throughout, and a stall that is a GC pause from one that is not.
/// </summary>
internal sealed class StallWatch : IDisposable
{
    private static readonly TimeSpan Sample = TimeSpan.FromMilliseconds(10);

    private readonly Func<long> _count;
    private readonly Thread _thread;
    private readonly Lock _lock = new();
    private volatile bool _stop;
    private Stall _longest;
    private long _movedAt = Stopwatch.GetTimestamp();
    private TimeSpan _pauseAtMove = GC.GetTotalPauseDuration();

    public StallWatch(Func<long> count)
    {
        _count = count;
        _thread = new Thread(Run) { Name = "stall-watch", IsBackground = true };
        _thread.Start();
    }

    /// <summary>
    /// The longest stall since the last call, or since the watch started, counting one still going on up to now; the
    /// next call starts afresh.
    /// </summary>
    public Stall TakeLongest()
    {
        lock (_lock)
        {
            var now = Stopwatch.GetTimestamp();
            var ongoing = Since(_movedAt, _pauseAtMove, now);
            var longest = ongoing.Length > _longest.Length ? ongoing : _longest;

            // A stall going on now counts in the next period only from here, so an idle drain between steps is no step's stall.
            (_longest, _movedAt, _pauseAtMove) = (default, now, GC.GetTotalPauseDuration());
            return longest;
        }
    }

    private void Run()
    {
        var last = _count();
        while (!_stop)
        {
            Thread.Sleep(Sample);
            var now = Stopwatch.GetTimestamp();
            var count = _count();
            if (count == last)
            {
                continue;
            }

            last = count;
            lock (_lock)
            {
                // The stall ended at the sample that saw the count move again.
                var stall = Since(_movedAt, _pauseAtMove, now);
                if (stall.Length > _longest.Length)
                {
                    _longest = stall;
                }

                _movedAt = now;
                _pauseAtMove = GC.GetTotalPauseDuration();
            }
        }
    }

    private static Stall Since(long movedAt, TimeSpan pauseAtMove, long now)
    {
        var length = Stopwatch.GetElapsedTime(movedAt, now);
        return new Stall(length, GC.GetTotalPauseDuration() - pauseAtMove, DateTime.UtcNow - Stopwatch.GetElapsedTime(now) - length);
    }

    public void Dispose()
    {
        _stop = true;
        _thread.Join();
    }
}

/// <summary>How long a count stood still, how much of that the GC paused the process, and when it began (UTC).</summary>
internal readonly record struct Stall(TimeSpan Length, TimeSpan GcPause, DateTime StartedUtc);
