using System.Text;
using Confluent.Kafka;
using Jaeger.Streaming.Schemas.Kafka;
using Microsoft.Extensions.Configuration;

namespace Jaeger.Streaming.Ingester.DeadLetters;

/// <summary>
/// <c>redrive-dead-letters [--dry-run] [--reason-contains TEXT] [--group NAME]</c>: once the cause of dead letters is
/// fixed (an ingester that reads a new schema version, a storage limit raised), publishes the span records of the
/// dead-letter topic back to the span topic with their own key, value and headers (the <c>x-dlq-*</c> ones dropped),
/// for the ingesters to store. Run by the ingester's host with the ingester's configuration (<c>Kafka</c>,
/// <c>Ingester:DeadLetterTopic</c>, from appsettings.json, environment variables and <c>--Key=Value</c> arguments); its
/// credential needs read on the dead-letter topic and write on the span topic, which an ingester's does not.
/// <para>
/// A run reads from where its consumer group left off up to the end of the topic as it was at start, and commits an
/// offset only once Kafka has acknowledged what was read before it, so a run that stops midway is resumed by the next.
/// A record re-driven twice (a crash between the acknowledgement and the commit) is stored once: storage ids are the
/// spans' own. Records that are not span records (documents Elasticsearch refused, which name <c>elasticsearch:</c>
/// indices as their source) and, with <c>--reason-contains</c>, records whose reason does not contain the text are
/// passed over and counted; a later run with another <c>--group</c> reads them again.
/// </para>
/// </summary>
public static class DeadLetterRedriveCommand
{
    public const string Name = "redrive-dead-letters";
    public const string DefaultGroup = "jaeger-dlq-redrive";
    private const string Usage = "usage: redrive-dead-letters [--dry-run] [--reason-contains TEXT] [--group NAME] [--Kafka:Key=Value ...]";
    private static readonly TimeSpan KafkaTimeout = TimeSpan.FromSeconds(30);

    /// <returns>0 on success, 1 when Kafka failed, 2 for bad arguments or settings.</returns>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(args);
        var dryRun = false;
        string? reasonContains = null;
        var group = DefaultGroup;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--dry-run":
                    dryRun = true;
                    break;
                case "--reason-contains" when i + 1 < args.Length && args[i + 1].Length > 0:
                    reasonContains = args[++i];
                    break;
                case "--group" when i + 1 < args.Length && args[i + 1].Length > 0:
                    group = args[++i];
                    break;
                case var setting when setting.StartsWith("--", StringComparison.Ordinal) && setting.Contains('=', StringComparison.Ordinal):
                    rest.Add(setting);
                    break;
                default:
                    await error.WriteLineAsync($"'{args[i]}' is not understood.\n{Usage}").ConfigureAwait(false);
                    return 2;
            }
        }

        var configuration = HostCommands.Configuration(rest);
        var kafka = configuration.GetSection("Kafka").Get<KafkaConnectionOptions>() ?? new KafkaConnectionOptions();
        var deadLetterTopic = configuration.GetSection("Ingester").Get<IngesterOptions>()?.DeadLetterTopic ?? SpanRecordContract.DefaultDeadLetterTopic;
        if (await HostCommands.RefusedAsync(KafkaConnectionValidator.Validate(kafka), error).ConfigureAwait(false))
        {
            return 2;
        }

        try
        {
            var tally = await Task.Run(() => Redrive(kafka, deadLetterTopic, group, reasonContains, dryRun, cancellationToken), cancellationToken).ConfigureAwait(false);
            await output.WriteLineAsync(tally.Describe(kafka.Topic, deadLetterTopic, dryRun)).ConfigureAwait(false);
            return 0;
        }
        catch (KafkaException e)
        {
            await error.WriteLineAsync($"Kafka failed: {e.Error.Reason}; the offsets of what was re-driven before are committed, so run again once Kafka is back.").ConfigureAwait(false);
            return 1;
        }
    }

    private static Tally Redrive(KafkaConnectionOptions kafka, string deadLetterTopic, string group, string? reasonContains, bool dryRun, CancellationToken cancellationToken)
    {
        var connection = KafkaClientConfig.For(kafka);
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig(connection)
        {
            ClientId = "jaeger-dlq-redrive",
            GroupId = group,
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
        }).SetLogHandler((_, _) => { }).Build();
        using var producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig(connection)
        {
            ClientId = "jaeger-dlq-redrive",
            Acks = Acks.All,
            EnableIdempotence = true,
        }).SetLogHandler((_, _) => { }).Build();

        // The end of each partition as it is now: records dead-lettered again while this runs wait for the next run.
        var ends = Ends(consumer, deadLetterTopic);
        var tally = new Tally();
        var committed = consumer.Committed(ends.Keys, KafkaTimeout);
        var pending = ends.Where(end => Start(committed, end.Key) < end.Value).ToDictionary();
        if (pending.Count == 0)
        {
            return tally;
        }

        consumer.Assign(pending.Keys.Select(partition => new TopicPartitionOffset(partition, Start(committed, partition))));
        var deliveries = new List<Task>();
        var positions = new Dictionary<TopicPartition, Offset>();
        while (pending.Count > 0)
        {
            var record = consumer.Consume(KafkaTimeout) ?? throw new KafkaException(new Error(ErrorCode.Local_TimedOut, $"no record of {deadLetterTopic} arrived within {KafkaTimeout.TotalSeconds} s"));
            var reason = Text(record.Message.Headers, SpanRecordContract.DeadLetter.Reason);
            if (Text(record.Message.Headers, SpanRecordContract.DeadLetter.SourceTopic) != kafka.Topic)
            {
                tally.NotSpanRecords++;
            }
            else if (reasonContains is not null && !reason.Contains(reasonContains, StringComparison.OrdinalIgnoreCase))
            {
                tally.ReasonNotMatching++;
            }
            else
            {
                tally.Redriven++;
                if (!dryRun)
                {
                    deliveries.Add(producer.ProduceAsync(kafka.Topic, Original(record.Message), cancellationToken));
                }
            }

            positions[record.TopicPartition] = record.Offset + 1;
            if (record.Offset + 1 >= pending[record.TopicPartition])
            {
                pending.Remove(record.TopicPartition);
            }
        }

        if (!dryRun)
        {
            // A failed delivery throws here (a ProduceException, which is a KafkaException), before any offset is committed.
            Task.WhenAll(deliveries).GetAwaiter().GetResult();
            consumer.Commit(positions.Select(position => new TopicPartitionOffset(position.Key, position.Value)));
        }

        consumer.Close();
        return tally;
    }

    private static Dictionary<TopicPartition, long> Ends(IConsumer<byte[], byte[]> consumer, string topic)
    {
        using var admin = new DependentAdminClientBuilder(consumer.Handle).Build();
        var metadata = admin.GetMetadata(topic, KafkaTimeout).Topics.Single();
        if (metadata.Error.IsError)
        {
            throw new KafkaException(metadata.Error);
        }

        return metadata.Partitions.ToDictionary(
            partition => new TopicPartition(topic, partition.PartitionId),
            partition => consumer.QueryWatermarkOffsets(new TopicPartition(topic, partition.PartitionId), KafkaTimeout).High.Value);
    }

    private static long Start(List<TopicPartitionOffset> committed, TopicPartition partition) =>
        committed.FirstOrDefault(offset => offset.TopicPartition == partition) is { Offset.IsSpecial: false } known ? known.Offset.Value : 0;

    /// <summary>The record as its producer wrote it: the dead-letter headers dropped, every other header kept in order.</summary>
    private static Message<byte[], byte[]> Original(Message<byte[], byte[]> deadLetter)
    {
        var headers = new Headers();
        foreach (var header in deadLetter.Headers ?? [])
        {
            if (!header.Key.StartsWith("x-dlq-", StringComparison.Ordinal))
            {
                headers.Add(header.Key, header.GetValueBytes());
            }
        }

        return new Message<byte[], byte[]> { Key = deadLetter.Key, Value = deadLetter.Value, Headers = headers };
    }

    private static string Text(Headers? headers, string key) =>
        headers is not null && headers.TryGetLastBytes(key, out var value) ? Encoding.UTF8.GetString(value) : "";

    private sealed class Tally
    {
        public int Redriven { get; set; }

        public int NotSpanRecords { get; set; }

        public int ReasonNotMatching { get; set; }

        public string Describe(string topic, string deadLetterTopic, bool dryRun) =>
            $"{(dryRun ? "would re-drive" : "re-drove")} {Redriven} record(s) from {deadLetterTopic} to {topic}; passed over {NotSpanRecords} that are not span records"
            + $" and {ReasonNotMatching} whose reason does not match{(dryRun ? "; nothing was published or committed (dry run)" : "")}.";
    }
}
