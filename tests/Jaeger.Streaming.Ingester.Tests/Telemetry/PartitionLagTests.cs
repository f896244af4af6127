using System.Reflection;
using Confluent.Kafka;
using Jaeger.Streaming.Ingester.Telemetry;
using Jaeger.Streaming.Ingester.Tests.Support;
using Jaeger.Streaming.Testing;
using Prometheus;

namespace Jaeger.Streaming.Ingester.Tests.Telemetry;

/// <summary>The lag gauge's arithmetic and its refresh thread, against a consumer whose broker answers are scripted.</summary>
public sealed class PartitionLagTests
{
    private static readonly TopicPartition P0 = new("spans", 0);
    private static readonly TopicPartition P1 = new("spans", 1);

    private readonly CollectorRegistry _registry = Metrics.NewCustomRegistry();

    [Fact]
    public async Task Reports_the_high_watermark_minus_the_offset_stored_or_else_committed()
    {
        using var lag = new PartitionLag(new IngesterMetrics(_registry), TimeProvider.System, TimeSpan.FromSeconds(5));
        var brokers = ScriptedBrokers.Create(high: 100, committed: 10);
        lag.Assigned([P0, P1]);
        lag.Stored(new TopicPartitionOffset(P0, 40));

        lag.Refresh(brokers.Consumer);

        Assert.Equal(60, await LagOfAsync(P0));
        Assert.Equal(90, await LagOfAsync(P1));
    }

    [Fact]
    public async Task A_partition_revoked_while_its_watermarks_are_asked_keeps_no_lag_series()
    {
        using var lag = new PartitionLag(new IngesterMetrics(_registry), TimeProvider.System, TimeSpan.FromSeconds(5));
        var brokers = ScriptedBrokers.Create(high: 100, committed: 10);
        brokers.WhileAsked = partition => lag.Forget([partition]);
        lag.Assigned([P0]);

        lag.Refresh(brokers.Consumer);

        Assert.Null(await LagOfAsync(P0));
    }

    [Fact]
    public async Task The_consume_thread_is_not_held_up_by_a_broker_query_under_way()
    {
        using var lag = new PartitionLag(new IngesterMetrics(_registry), TimeProvider.System, TimeSpan.FromMilliseconds(100));
        var brokers = ScriptedBrokers.Create(high: 100, committed: 10);
        using var asked = new ManualResetEventSlim();
        using var answer = new ManualResetEventSlim();
        brokers.WhileAsked = _ =>
        {
            asked.Set();
            answer.Wait(TestContext.Current.CancellationToken);
        };
        lag.Assigned([P0]);
        lag.Start(brokers.Consumer);
        asked.Wait(TestContext.Current.CancellationToken);

        // The query is blocked; what the consume thread reports still goes through (a lock held across it would hang here).
        await Task.Run(
            () =>
            {
                lag.Stored(new TopicPartitionOffset(P0, 70));
                lag.Assigned([P1]);
            },
            TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        answer.Set();

        await Eventually.HoldsAsync(async () => await LagOfAsync(P0) == 30 && await LagOfAsync(P1) == 90, "the next refreshes report both partitions");
    }

    private async Task<double?> LagOfAsync(TopicPartition partition)
    {
        using var text = new MemoryStream();
        await _registry.CollectAndExportAsTextAsync(text, TestContext.Current.CancellationToken);
        var samples = PrometheusExposition.Samples(System.Text.Encoding.UTF8.GetString(text.ToArray()));
        return samples.TryGetValue($"jaeger_ingester_consumer_lag_records{{topic=\"{partition.Topic}\",partition=\"{partition.Partition.Value}\"}}", out var value) ? value : null;
    }

    /// <summary>
    /// A consumer that answers only the two broker questions the lag asks: watermarks (low 0, a fixed high) and the
    /// committed offset. <see cref="WhileAsked"/> runs inside the watermark query, as other threads would meanwhile.
    /// </summary>
    public class ScriptedBrokers : DispatchProxy
    {
        private long _high;
        private long _committed;

        public IConsumer<byte[], byte[]> Consumer { get; private set; } = null!;

        public Action<TopicPartition>? WhileAsked { get; set; }

        public static ScriptedBrokers Create(long high, long committed)
        {
            var consumer = Create<IConsumer<byte[], byte[]>, ScriptedBrokers>();
            var brokers = (ScriptedBrokers)(object)consumer;
            (brokers._high, brokers._committed, brokers.Consumer) = (high, committed, consumer);
            return brokers;
        }

        protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
        {
            switch (targetMethod?.Name)
            {
                case nameof(IConsumer<byte[], byte[]>.QueryWatermarkOffsets):
                    WhileAsked?.Invoke((TopicPartition)args![0]!);
                    return new WatermarkOffsets(0, _high);
                case nameof(IConsumer<byte[], byte[]>.Committed) when args is [IEnumerable<TopicPartition> partitions, TimeSpan]:
                    return partitions.Select(p => new TopicPartitionOffset(p, _committed)).ToList();
                default:
                    throw new NotSupportedException($"{targetMethod?.Name} is not scripted");
            }
        }
    }
}
