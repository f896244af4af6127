using System.Diagnostics;
using Jaeger.Streaming.Benchmarks.Reporting;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>
/// Open-loop load at a fixed request rate. Latency counts from when a request was due, not when it went out, so a
/// stalled server cannot hide its queueing (no coordinated omission).
/// </summary>
internal static class OpenLoop
{
    /// <param name="body">The body of request <c>i</c>; called on the thread pool, from many threads at once.</param>
    public static async Task<LoadResult> RunAsync(
        OtlpSender send, Func<int, byte[]> body, double requestsPerSecond, TimeSpan duration, CancellationToken cancellationToken)
    {
        var total = Total(requestsPerSecond, duration);
        var outcomes = new long[total];
        var accepted = new int[total];
        var clock = CpuClock.Start();
        await PaceAsync(requestsPerSecond, duration, async (index, due) =>
        {
            accepted[index] = await send(body(index), cancellationToken);
            outcomes[index] = Stopwatch.GetTimestamp() - due;
        }, cancellationToken);

        var latencies = new Latencies();
        long spans = 0;
        long refused = 0;
        for (var i = 0; i < total; i++)
        {
            if (accepted[i] < 0)
            {
                refused++;
                continue;
            }

            spans += accepted[i];
            latencies.Record(outcomes[i]);
        }

        return new LoadResult(PhaseResult.Of(spans, clock), total, refused, Latencies.Merge([latencies]));
    }

    /// <summary>How many requests <see cref="PaceAsync"/> starts.</summary>
    public static int Total(double requestsPerSecond, TimeSpan duration) => Math.Max(1, (int)(requestsPerSecond * duration.TotalSeconds));

    /// <summary>
    /// Starts request <c>i</c> (on the thread pool) when it is due, <c>i / requestsPerSecond</c> after the start, whatever
    /// happened to the others; <paramref name="request"/> gets its index and due time (a <see cref="Stopwatch"/> timestamp).
    /// Completes when every request has.
    /// </summary>
    public static async Task PaceAsync(double requestsPerSecond, TimeSpan duration, Func<int, long, Task> request, CancellationToken cancellationToken)
    {
        var total = Total(requestsPerSecond, duration);
        var interval = Stopwatch.Frequency / requestsPerSecond;
        var inFlight = new Task[total];
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < total; i++)
        {
            var due = start + (long)(i * interval);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, cancellationToken);
            }

            var index = i;
            inFlight[i] = Task.Run(() => request(index, due), CancellationToken.None);
        }

        await Task.WhenAll(inFlight);
    }
}
