using System.Diagnostics;
using Jaeger.Streaming.Benchmarks.Reporting;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>What a load run measured in its window: accepted spans (with wall and CPU time), refusals and latencies.</summary>
internal sealed record LoadResult(PhaseResult Accepted, long Requests, long Refused, Latencies Latencies);

/// <summary>
/// Closed-loop load: <c>concurrency</c> workers, each sending its next pre-built request as soon as the last is answered.
/// This finds the maximum; its latencies are those of a saturated server.
/// </summary>
internal static class ClosedLoop
{
    public static async Task<LoadResult> RunAsync(
        OtlpSender send, IReadOnlyList<byte[]> bodies, int concurrency, TimeSpan warmup, TimeSpan duration, CancellationToken cancellationToken)
    {
        long acceptedSpans = 0;
        long requests = 0;
        long refused = 0;
        var measuring = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var latencies = new Latencies[concurrency];
        var workers = new Task[concurrency];
        for (var w = 0; w < concurrency; w++)
        {
            var mine = latencies[w] = new Latencies();
            var first = w;
            workers[w] = Task.Run(async () =>
            {
                for (var i = first; !stop.IsCancellationRequested; i += concurrency)
                {
                    var started = Stopwatch.GetTimestamp();
                    // In-flight requests finish rather than being cancelled: a reset stream is not what is measured.
                    var accepted = await send(bodies[i % bodies.Count], cancellationToken);

                    var elapsed = Stopwatch.GetTimestamp() - started;
                    if (Volatile.Read(ref measuring) == 0)
                    {
                        continue;
                    }

                    Interlocked.Increment(ref requests);
                    if (accepted < 0)
                    {
                        Interlocked.Increment(ref refused);
                    }
                    else
                    {
                        Interlocked.Add(ref acceptedSpans, accepted);
                        mine.Record(elapsed);
                    }
                }
            }, CancellationToken.None);
        }

        await Task.Delay(warmup, cancellationToken);
        Volatile.Write(ref measuring, 1);
        var clock = CpuClock.Start();
        await Task.Delay(duration, cancellationToken);
        Volatile.Write(ref measuring, 0);
        var result = PhaseResult.Of(Volatile.Read(ref acceptedSpans), clock);
        await stop.CancelAsync();
        await Task.WhenAll(workers);
        return new LoadResult(result, requests, refused, Latencies.Merge(latencies));
    }
}
