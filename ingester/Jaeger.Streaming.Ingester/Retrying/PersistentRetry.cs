using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Retrying;

/// <summary>
/// Retries an operation with exponential backoff until it succeeds or the caller gives up by cancelling.
/// The ingester never skips a record, so there is no attempt limit: a storage outage only delays ingestion.
/// </summary>
internal sealed class PersistentRetry(IOptions<IngesterOptions> options, TimeProvider time, ILogger<PersistentRetry> logger)
{
    public async Task RunAsync(string what, Func<CancellationToken, Task> attempt, CancellationToken cancellationToken)
    {
        var retry = options.Value.Retry;
        var delay = retry.InitialBackoff;
        for (var failures = 1; ; failures++)
        {
            try
            {
                await attempt(cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "{What} failed (attempt {Attempt}); retrying in {Delay}", what, failures, delay);
            }

            await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, retry.MaxBackoff.Ticks));
        }
    }
}
