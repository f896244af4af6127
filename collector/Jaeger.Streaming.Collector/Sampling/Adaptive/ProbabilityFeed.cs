using Confluent.Kafka;
using Jaeger.Streaming.Schemas.Kafka;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Sampling.Adaptive;

/// <summary>
/// Reads the compacted probabilities topic from its start and keeps <see cref="AdaptiveStrategies"/> current, on
/// every collector. It reads without a consumer group: every collector needs every record.
/// </summary>
internal sealed partial class ProbabilityFeed(
    IOptions<KafkaConnectionOptions> connection,
    IOptions<SamplingOptions> options,
    AdaptiveStrategies strategies,
    ILogger<ProbabilityFeed> logger) : BackgroundService
{
    private volatile bool _caughtUp;

    /// <summary>True once the topic has been read to its end: only then may a new calculator trust what it holds.</summary>
    public bool CaughtUp => _caughtUp;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.Factory.StartNew(() => Run(stoppingToken), stoppingToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private void Run(CancellationToken stoppingToken)
    {
        var topic = options.Value.Adaptive.ProbabilitiesTopic;
        using var consumer = new ConsumerBuilder<string, byte[]?>(new ConsumerConfig(KafkaClientConfig.For(connection.Value))
        {
            ClientId = "jaeger-collector-sampling-feed",
            GroupId = "jaeger-collector-sampling-feed",
            EnableAutoCommit = false,
            EnablePartitionEof = true,
        }).Build();
        consumer.Assign(new TopicPartitionOffset(topic, 0, Offset.Beginning));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var record = consumer.Consume(TimeSpan.FromMilliseconds(200));
                if (record is null)
                {
                    continue;
                }

                if (record.IsPartitionEOF)
                {
                    _caughtUp = true;
                }
                else if (record.Message.Value is null)
                {
                    strategies.Remove(record.Message.Key);
                }
                else if (ServiceProbabilities.FromJson(record.Message.Value) is { } probabilities)
                {
                    strategies.Apply(probabilities);
                }
                else
                {
                    LogUnreadable(logger, topic, record.Offset.Value);
                }
            }
            catch (ConsumeException e)
            {
                LogConsumeFailed(logger, topic, e.Error.Reason);
            }
        }

        consumer.Close();
    }

    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Skipped the record at offset {Offset} of {Topic}: it is not a sampling probabilities record")]
    private static partial void LogUnreadable(ILogger logger, string topic, long offset);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Reading sampling probabilities from {Topic} failed: {Reason}")]
    private static partial void LogConsumeFailed(ILogger logger, string topic, string reason);
}
