using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Storage.Embedded;

/// <summary>
/// Enforces <see cref="EmbeddedRetentionOptions.Retention"/>: every few minutes, deletes spans that started before
/// now − retention, oldest first, in small transactions so that span writes wait at most one chunk.
/// </summary>
internal sealed class EmbeddedRetention(
    EmbeddedTraceWriter writer,
    IOptions<EmbeddedRetentionOptions> options,
    TimeProvider time,
    ILogger<EmbeddedRetention> logger) : BackgroundService
{
    /// <summary>Spans deleted per transaction: about as long as a few write batches hold the writer.</summary>
    internal const int ChunkSpans = 500;

    /// <summary>How often expired spans are looked for; a run with nothing to delete is one index probe.</summary>
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(5);

    /// <summary>Deletes every span older than the retention; returns how many it deleted.</summary>
    public async Task<long> RunOnceAsync(CancellationToken cancellationToken)
    {
        var retention = options.Value.Retention;
        if (retention == TimeSpan.Zero)
        {
            return 0;
        }

        var cutoff = time.GetUtcNow() - retention;
        long deleted = 0;
        int chunk;
        do
        {
            chunk = await writer.DeleteStartedBeforeAsync(cutoff, ChunkSpans, cancellationToken).ConfigureAwait(false);
            deleted += chunk;

            // Let waiting span writes take the writer between chunks.
            await Task.Yield();
        }
        while (chunk == ChunkSpans);

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var deleted = await RunOnceAsync(stoppingToken).ConfigureAwait(false);
                if (deleted > 0)
                {
                    logger.LogInformation("Retention deleted {Spans} spans older than {Retention}", deleted, options.Value.Retention);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception error)
            {
                // A failed run leaves the store as it was; the next run retries, and ingestion goes on meanwhile.
                logger.LogError(error, "Retention failed to delete expired spans from the embedded store; retrying in {Interval}", Interval);
            }

            try
            {
                await Task.Delay(Interval, time, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
