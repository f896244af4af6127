using Confluent.Kafka;
using Jaeger.Streaming.Ingester.DeadLetters;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Health;
using Jaeger.Streaming.Ingester.Kafka;
using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Ingester.Telemetry;
using Jaeger.Streaming.Ingester.Writing;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Consuming;

/// <summary>
/// The ingester's pipeline: consume a batch of span records, decode them (rejects go to the dead-letter topic),
/// write the spans, and only then store each partition's offset. Kafka's <c>Consume</c> blocks, so the loop runs
/// on its own thread, and it is the only thread that touches the consumer and the batches.
/// </summary>
internal sealed class SpanConsumer : IHostedService, IDisposable
{
    private static readonly TimeSpan PollSlice = TimeSpan.FromMilliseconds(100);

    // A write slower than this pauses fetching while the loop keeps polling, so the group does not evict this
    // consumer (max.poll.interval.ms) and rebalances are still served.
    private static readonly TimeSpan PauseFetchingAfter = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan DisposeWait = TimeSpan.FromSeconds(30);

    private readonly KafkaConnectionOptions _kafka;
    private readonly IngesterOptions _options;
    private readonly SpanRecordDecoder _decoder;
    private readonly SpanRedactor _redactor;
    private readonly DeadLetterPublisher _deadLetters;
    private readonly SpanBatchWriter _writer;
    private readonly TimeProvider _time;
    private readonly IngesterMetrics _metrics;
    private readonly IngesterReadiness _readiness;
    private readonly PartitionLag _lag;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger _logger;

    private readonly CancellationTokenSource _stopConsuming = new();
    private readonly CancellationTokenSource _abandon = new();
    private readonly TaskCompletionSource _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly HashSet<TopicPartition> _paused = [];
    private RecordBatch _inFlight = new();
    private RecordBatch _next = new();
    private int _assigned;
    private Thread? _thread;

    public SpanConsumer(
        IOptions<KafkaConnectionOptions> kafka,
        IOptions<IngesterOptions> options,
        SpanRecordDecoder decoder,
        SpanRedactor redactor,
        DeadLetterPublisher deadLetters,
        SpanBatchWriter writer,
        TimeProvider time,
        IngesterMetrics metrics,
        IngesterReadiness readiness,
        IHostApplicationLifetime lifetime,
        ILogger<SpanConsumer> logger)
    {
        _kafka = kafka.Value;
        _options = options.Value;
        _decoder = decoder;
        _redactor = redactor;
        _deadLetters = deadLetters;
        _writer = writer;
        _time = time;
        _metrics = metrics;
        _readiness = readiness;
        _lag = new PartitionLag(metrics, time, _options.LagRefreshInterval);
        _lifetime = lifetime;
        _logger = logger;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var warning in KafkaSecurityValidator.Warnings(_kafka))
        {
            _logger.LogWarning("{InsecureSetting}", warning);
        }

        _thread = new Thread(Run) { Name = "jaeger-ingester-consumer", IsBackground = true };
        _thread.Start();
        return Task.CompletedTask;
    }

    /// <summary>Finishes the batch in hand, stores its offsets and leaves the group; past the host's shutdown timeout the batch is abandoned.</summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_thread is null)
        {
            return;
        }

        _stopConsuming.Cancel();
        await using (cancellationToken.Register(_abandon.Cancel))
        {
            await _stopped.Task.ConfigureAwait(false);
        }
    }

    /// <summary>Stops at once: unwritten records are abandoned without storing their offsets, so the group's next owner reads them again.</summary>
    public void Dispose()
    {
        _stopConsuming.Cancel();
        _abandon.Cancel();
        if (_thread is not null && !_stopped.Task.Wait(DisposeWait))
        {
            _logger.LogError("The Kafka consumer did not stop within {Wait}", DisposeWait);
            return;
        }

        _stopConsuming.Dispose();
        _abandon.Dispose();
    }

    private void Run()
    {
        try
        {
            using var consumer = BuildConsumer();
            consumer.Subscribe(_kafka.Topic);
            _lag.Start(consumer);
            _logger.LogInformation("Consuming {Topic} in group {Group}", _kafka.Topic, _options.ConsumerGroup);
            try
            {
                ConsumeUntilStopped(consumer);
            }
            catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
            {
                _logger.LogInformation("Abandoned {Records} unwritten records; their offsets are not stored", _inFlight.Count + _next.Count);
            }
            finally
            {
                _lag.Dispose();
                Leave(consumer);
            }
        }
        catch (Exception e)
        {
            _logger.LogCritical(e, "The Kafka consumer failed");

            // Ingestion cannot go on; stopping lets the orchestrator restart the process rather than leave it idle.
            if (!_stopConsuming.IsCancellationRequested)
            {
                _lifetime.StopApplication();
            }
        }
        finally
        {
            _stopped.TrySetResult();
        }
    }

    private IConsumer<byte[], byte[]> BuildConsumer() =>
        new ConsumerBuilder<byte[], byte[]>(KafkaClientConfigs.Consumer(_kafka, _options))
            .SetLogHandler((_, message) => LibrdkafkaLog.Write(_logger, message))
            .SetErrorHandler((_, error) => LibrdkafkaLog.Write(_logger, error))
            .SetPartitionsAssignedHandler((_, assigned) => Assigned(assigned))
            .SetPartitionsRevokedHandler((consumer, revoked) => GiveUp(consumer, revoked, lost: false))
            .SetPartitionsLostHandler((consumer, lost) => GiveUp(consumer, lost, lost: true))
            .Build();

    private void ConsumeUntilStopped(IConsumer<byte[], byte[]> consumer)
    {
        while (!_stopConsuming.IsCancellationRequested)
        {
            Collect(consumer);
            (_inFlight, _next) = (_next, _inFlight);
            Process(consumer, _inFlight);
            _inFlight.Clear();
        }
    }

    /// <summary>Fills <see cref="_next"/> until it holds MaxRecords, MaxWait has passed since its first record, or the loop is told to stop.</summary>
    private void Collect(IConsumer<byte[], byte[]> consumer)
    {
        long? firstAt = _next.Count > 0 ? _time.GetTimestamp() : null;
        while (_next.Count < _options.Batch.MaxRecords && !_stopConsuming.IsCancellationRequested)
        {
            var timeout = PollSlice;
            if (_next.Count > 0)
            {
                firstAt ??= _time.GetTimestamp();
                var remaining = _options.Batch.MaxWait - _time.GetElapsedTime(firstAt.Value);
                if (remaining <= TimeSpan.Zero)
                {
                    return;
                }

                timeout = remaining < PollSlice ? remaining : PollSlice;
            }

            if (Poll(consumer, timeout) is { } record)
            {
                Accept(record);
            }
        }
    }

    private void Process(IConsumer<byte[], byte[]> consumer, RecordBatch batch)
    {
        if (batch.Count == 0)
        {
            return;
        }

        _abandon.Token.ThrowIfCancellationRequested();

        var prepared = new List<PreparedSpans>(batch.Count);
        List<Task>? deadLettered = null;
        for (var i = 0; i < batch.Count; i++)
        {
            var outcome = batch.Prepared(i).GetAwaiter().GetResult();
            if (outcome.Spans is { } spans)
            {
                prepared.Add(spans);
            }
            else
            {
                var (record, why) = outcome.Rejected!.Value;
                (deadLettered ??= []).Add(_deadLetters.PublishAsync(record, why, _abandon.Token));
            }
        }

        var written = _writer.WriteAsync(prepared, _abandon.Token);
        AwaitWhilePolling(consumer, deadLettered is null ? written : Task.WhenAll([.. deadLettered, written]));
        _metrics.Written(prepared.Count);
        StoreOffsets(consumer, batch);
    }

    /// <summary>
    /// Adds a record to the next batch and starts preparing it on the thread pool at once: decoding and redaction run on
    /// the other core while this thread polls, and each record's decoded messages die as soon as the storage has its
    /// own form of them. A batch of decoded messages kept alive across collections cost more CPU than decoding
    /// (docs/performance.md).
    /// </summary>
    private void Accept(ConsumeResult<byte[], byte[]> record) => _next.Add(record, Task.Run(() => Prepare(record)));

    private PreparedRecord Prepare(ConsumeResult<byte[], byte[]> record)
    {
        var message = record.Message;
        try
        {
            if (!_decoder.TryDecode(message.Headers, message.Value, out var request, out var rejection))
            {
                return new(null, (record, rejection));
            }

            // Redaction sits between decode and write with no path around it: nothing unredacted reaches storage.
            _redactor.Redact(request);
            try
            {
                return new(_writer.Prepare(RecordTenant.Of(message.Headers), request.ResourceSpans), null);
            }
            catch (ArgumentException e)
            {
                return new(null, (record, new RecordRejection(RecordRejection.RefusedByStorage, $"the storage cannot hold these spans: {e.Message}")));
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // A fault of ours on one record's content must not stop ingestion for every producer: the record waits
            // in the dead-letter topic, to be re-driven once the ingester is fixed.
            _logger.LogError(e, "Preparing the record at {TopicPartitionOffset} failed; it goes to the dead-letter topic", record.TopicPartitionOffset);
            return new(null, (record, new RecordRejection(RecordRejection.IngesterFault, $"the ingester failed on this record, a fault to report: {e.GetType().Name}: {e.Message}")));
        }
    }

    private void AwaitWhilePolling(IConsumer<byte[], byte[]> consumer, Task work)
    {
        if (Task.WaitAny([work], PauseFetchingAfter) < 0)
        {
            _logger.LogWarning("Writing a batch is slow; fetching is paused until it completes");
            Pause(consumer, consumer.Assignment);
            try
            {
                while (!work.IsCompleted)
                {
                    if (Poll(consumer, PollSlice) is { } record)
                    {
                        // Only a partition assigned during the pause still fetches: keep its record for the next batch and pause it too.
                        Accept(record);
                        Pause(consumer, [record.TopicPartition]);
                    }
                }
            }
            finally
            {
                consumer.Resume(_paused);
                _metrics.Resumed(_paused.Count, 0);
                _paused.Clear();
            }
        }

        // Rethrows cancellation when the work was abandoned: the batch's offsets are then not stored.
        work.GetAwaiter().GetResult();
    }

    private void Pause(IConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions)
    {
        consumer.Pause(partitions);
        _paused.UnionWith(partitions);
        _metrics.Paused(partitions.Count, _paused.Count);
    }

    private void StoreOffsets(IConsumer<byte[], byte[]> consumer, RecordBatch batch)
    {
        foreach (var offset in batch.NextOffsets())
        {
            try
            {
                consumer.StoreOffset(offset);
                _lag.Stored(offset);
            }
            catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_State)
            {
                // Lost without a callback; the new owner replays from the last committed offset.
                _logger.LogInformation("Not storing offset {Offset}: the partition is no longer assigned", offset);
            }
        }
    }

    private void GiveUp(IConsumer<byte[], byte[]> consumer, List<TopicPartitionOffset> partitions, bool lost)
    {
        // Their records are dropped without storing offsets; the next owner resumes from the last stored one, and idempotent writes make the replay harmless.
        var given = partitions.ConvertAll(p => p.TopicPartition);
        _inFlight.Drop(given);
        _next.Drop(given);

        // A pause could outlive the assignment; clear it so a later re-assignment fetches.
        var paused = given.FindAll(_paused.Remove);
        if (paused.Count > 0)
        {
            consumer.Resume(paused);
            _metrics.Resumed(paused.Count, _paused.Count);
        }

        _lag.Forget(given);
        _assigned = Math.Max(0, _assigned - given.Count);
        _metrics.Rebalanced(lost ? "lost" : "revoked", given.Count, _assigned);
        if (lost)
        {
            // Membership itself is gone (session timed out); readiness waits for the group's next assignment.
            _readiness.Unassigned();
        }

        _logger.LogInformation("{Why} {Partitions}", lost ? "Lost" : "Revoked", given);
    }

    private void Assigned(List<TopicPartition> assigned)
    {
        _lag.Assigned(assigned);
        _assigned += assigned.Count;
        _metrics.Rebalanced("assigned", assigned.Count, _assigned);
        _readiness.Assigned();
        _logger.LogInformation("Assigned {Partitions}", assigned);
    }

    private ConsumeResult<byte[], byte[]>? Poll(IConsumer<byte[], byte[]> consumer, TimeSpan timeout)
    {
        try
        {
            if (consumer.Consume(timeout) is { Message: not null } record)
            {
                _metrics.Consumed();
                return record;
            }

            return null;
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            _logger.LogWarning("Consuming {Topic} failed: {Code} {Reason}", _kafka.Topic, e.Error.Code, e.Error.Reason);
            return null;
        }
    }

    /// <summary>Commits the offsets stored so far, then leaves the group (its revoke handler drops what is unwritten).</summary>
    private void Leave(IConsumer<byte[], byte[]> consumer)
    {
        _readiness.Unassigned();
        try
        {
            consumer.Commit();
        }
        catch (KafkaException e) when (e.Error.Code == ErrorCode.Local_NoOffset)
        {
        }
        catch (KafkaException e)
        {
            _logger.LogWarning("Committing stored offsets on shutdown failed: {Code} {Reason}; the next owner may replay some records", e.Error.Code, e.Error.Reason);
        }

        try
        {
            consumer.Close();
        }
        catch (KafkaException e)
        {
            _logger.LogWarning("Leaving the consumer group failed: {Code} {Reason}", e.Error.Code, e.Error.Reason);
        }
    }
}
