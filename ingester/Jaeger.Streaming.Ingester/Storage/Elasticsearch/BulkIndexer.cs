using System.Buffers;
using System.Collections.Concurrent;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>
/// Sends one bounded group of documents through <c>_bulk</c> and reads every item's result. Items answered with 429
/// or 5xx are re-sent, alone, with backoff; items refused for good are returned as rejected; nothing is dropped silently.
/// At most <see cref="ElasticsearchWriterOptions.MaxConcurrentBulkRequests"/> groups are in flight: callers beyond wait.
/// </summary>
internal sealed class BulkIndexer : IDisposable
{
    private readonly ElasticsearchClient _client;
    private readonly ElasticsearchWriterOptions _options;
    private readonly ElasticsearchOptions _connection;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _slots;

    // One body's buffers per request in flight, kept between requests; buffers grown past twice the largest body (by a
    // single document larger than MaxBulkBytes) are dropped after their request instead.
    private readonly ConcurrentBag<BodyBuffers> _bodies = [];

    public BulkIndexer(ElasticsearchClient client, ElasticsearchWriterOptions options, ElasticsearchOptions connection, TimeProvider time)
    {
        _client = client;
        _options = options;
        _connection = connection;
        _time = time;
        _slots = new SemaphoreSlim(options.MaxConcurrentBulkRequests, options.MaxConcurrentBulkRequests);
    }

    /// <summary>
    /// Completes when every item is acknowledged by Elasticsearch or rejected for good (returned). Throws
    /// <see cref="ElasticsearchException"/> when items still fail transiently after the retries, so the caller retries.
    /// </summary>
    public async Task<IReadOnlyList<RejectedDocument>> IndexAsync(IReadOnlyList<BulkItem> items, CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        var body = _bodies.TryTake(out var kept) ? kept : new BodyBuffers();
        try
        {
            return await IndexWithRetriesAsync(items, body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (body.Ndjson.Capacity <= 2 * _options.MaxBulkBytes && body.Gzipped.Capacity <= 2 * _options.MaxBulkBytes)
            {
                _bodies.Add(body);
            }

            _slots.Release();
        }
    }

    public void Dispose() => _slots.Dispose();

    private async Task<IReadOnlyList<RejectedDocument>> IndexWithRetriesAsync(
        IReadOnlyList<BulkItem> items, BodyBuffers body, CancellationToken cancellationToken)
    {
        var rejected = new List<RejectedDocument>();
        var pending = items;
        var delay = _connection.InitialBackoff;
        for (var attempt = 0; ; attempt++)
        {
            var ndjson = BulkRequestBody.Build(pending, body.Ndjson);
            var response = _options.Compression == BulkCompression.Gzip
                ? await _client.SendAsync(
                    HttpMethod.Post, "_bulk", BulkRequestBody.Gzip(ndjson, body.Gzipped), ElasticsearchClient.NdjsonContentType, cancellationToken, "gzip").ConfigureAwait(false)
                : await _client.SendAsync(HttpMethod.Post, "_bulk", ndjson, ElasticsearchClient.NdjsonContentType, cancellationToken).ConfigureAwait(false);
            var retry = new List<BulkItem>();
            RejectedDocument? lastTransient = null;
            if (!response.IsSuccess)
            {
                // The client already retried 429/502/503/504 across nodes; anything else (401, 403, 413) is the whole request's fault.
                response.EnsureSuccess($"_bulk of {pending.Count} documents", pending[0].Index);
            }

            var results = BulkResponse.Parse(response, pending.Count);
            for (var i = 0; i < results.Length; i++)
            {
                var result = results[i];
                if (result.Succeeded)
                {
                    continue;
                }

                var failure = new RejectedDocument(pending[i], result.Status, result.ErrorType ?? "unknown", result.Reason ?? "(no reason given)");
                if (result.IsTransient)
                {
                    retry.Add(pending[i]);
                    lastTransient = failure;
                }
                else
                {
                    rejected.Add(failure);
                }
            }

            if (retry.Count == 0)
            {
                return rejected;
            }

            if (attempt >= _options.MaxItemRetries)
            {
                throw new ElasticsearchException(
                    $"_bulk: {retry.Count} of {items.Count} documents still failing after {attempt + 1} attempts, for example {lastTransient}",
                    lastTransient!.Status, lastTransient.ErrorType, lastTransient.Item.Index);
            }

            pending = retry;
            await Task.Delay(delay, _time, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _connection.MaxBackoff.Ticks));
        }
    }

    private sealed class BodyBuffers
    {
        public ArrayBufferWriter<byte> Ndjson { get; } = new();

        public MemoryStream Gzipped { get; } = new();
    }
}
