using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Retrying;

/// <summary>
/// Retries an operation with exponential backoff and jitter until it succeeds or the caller gives up by cancelling.
/// The ingester never skips a record, so there is no attempt limit: a storage outage only delays ingestion.
/// The jitter keeps the ingesters of a group from retrying a recovering backend in lockstep.
/// </summary>
internal sealed class PersistentRetry(IOptions<IngesterOptions> options, TimeProvider time, ILogger<PersistentRetry> logger)
{
    public async Task RunAsync(string what, Func<CancellationToken, Task> attempt, CancellationToken cancellationToken)
    {
        var retry = options.Value.Retry;
        var backoff = retry.InitialBackoff;
        for (var failures = 1; ; failures++)
        {
            TimeSpan delay;
            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                delay = Jittered(backoff, Random.Shared);
                logger.LogWarning(e, "{What} failed (attempt {Attempt}); retrying in {Delay}", what, failures, delay);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, retry.MaxBackoff.Ticks));
        }
    }

    /// <summary>A wait between half the backoff and all of it ("equal jitter"): never shorter than half, never longer than the cap.</summary>
    internal static TimeSpan Jittered(TimeSpan backoff, Random random) => (backoff / 2) + ((backoff / 2) * random.NextDouble());
}
