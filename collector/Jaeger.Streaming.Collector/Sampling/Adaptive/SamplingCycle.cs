using Confluent.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Sampling.Adaptive;

/// <summary>
/// The adaptive-sampling clock, on every collector. At each bucket boundary it publishes this collector's counts of
/// the bucket that just closed; <c>CalculationDelay</c> later, if this collector is the calculator, it calculates that
/// bucket's probabilities and publishes them. Driven by the injected <see cref="TimeProvider"/>.
/// </summary>
internal sealed partial class SamplingCycle(
    IOptions<SamplingOptions> options,
    TimeProvider time,
    RootSpanTally tally,
    ThroughputLedger ledger,
    ProbabilityFeed feed,
    AdaptiveStrategies strategies,
    SamplingRecords records,
    SamplingMetrics metrics,
    ILogger<SamplingCycle> logger) : BackgroundService
{
    private readonly AdaptiveSamplingOptions _options = options.Value.Adaptive;
    private readonly ProbabilityCalculator _calculator = new(options.Value.Adaptive);
    private readonly string _collector = options.Value.Adaptive.CollectorId is { Length: > 0 } id ? id : $"{Environment.MachineName}-{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = (long)_options.CalculationInterval.TotalMilliseconds;
        var delay = (long)_options.CalculationDelay.TotalMilliseconds;
        var boundary = NextBoundary(interval);
        while (!stoppingToken.IsCancellationRequested)
        {
            await WaitUntil(boundary, stoppingToken).ConfigureAwait(false);
            var bucket = boundary - interval;
            await PublishCounts(bucket, stoppingToken).ConfigureAwait(false);

            await WaitUntil(boundary + delay, stoppingToken).ConfigureAwait(false);
            if (ledger.IsCalculator && feed.CaughtUp && bucket > strategies.LatestBucket)
            {
                await Calculate(bucket, stoppingToken).ConfigureAwait(false);
            }

            // Boundaries advance one at a time so none is skipped when the clock jumps; after a stall of more than an
            // interval the counts since then go into the next bucket instead.
            boundary += interval;
            if (time.GetUtcNow().ToUnixTimeMilliseconds() >= boundary + interval)
            {
                boundary = NextBoundary(interval);
            }
        }
    }

    private long NextBoundary(long interval) => ((time.GetUtcNow().ToUnixTimeMilliseconds() / interval) + 1) * interval;

    private Task WaitUntil(long unixMs, CancellationToken cancellationToken)
    {
        var wait = unixMs - time.GetUtcNow().ToUnixTimeMilliseconds();
        return wait > 0 ? Task.Delay(TimeSpan.FromMilliseconds(wait), time, cancellationToken) : Task.CompletedTask;
    }

    private async Task PublishCounts(long bucket, CancellationToken cancellationToken)
    {
        // Published even when empty: an empty report says "this collector saw nothing", not "nothing arrived yet".
        var report = new ThroughputReport(_collector, bucket, tally.Drain());
        try
        {
            await records.PublishAsync(report, cancellationToken).ConfigureAwait(false);
        }
        catch (KafkaException e)
        {
            LogPublishFailed(logger, "root-span counts", e.Error.Reason);
        }
    }

    private async Task Calculate(long bucket, CancellationToken cancellationToken)
    {
        var results = _calculator.Calculate(bucket, strategies.Snapshot(), ledger.Take(bucket));
        var published = new List<Task>(results.Count);
        foreach (var service in results)
        {
            foreach (var operation in service.Operations)
            {
                metrics.Observed(service.Service, operation.Operation, operation.ObservedTracesPerSecond);
            }

            published.Add(records.PublishAsync(service, cancellationToken));
        }

        try
        {
            await Task.WhenAll(published).ConfigureAwait(false);
            LogCalculated(logger, results.Count, DateTimeOffset.FromUnixTimeMilliseconds(bucket));
        }
        catch (KafkaException e)
        {
            LogPublishFailed(logger, "probabilities", e.Error.Reason);
        }
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Publishing adaptive sampling {What} failed: {Reason}; the next interval publishes again")]
    private static partial void LogPublishFailed(ILogger logger, string what, string reason);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Calculated sampling probabilities of {Services} services from the bucket starting {Bucket}")]
    private static partial void LogCalculated(ILogger logger, int services, DateTimeOffset bucket);
}
