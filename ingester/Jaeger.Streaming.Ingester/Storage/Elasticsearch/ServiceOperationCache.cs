namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>A service/operation pair of one tenant, in the index it is recorded in.</summary>
internal readonly record struct ServiceOperation(string Tenant, string Index, string Service, string Operation, string SpanKind);

/// <summary>
/// The service/operation pairs recently acknowledged by Elasticsearch, so each is written about once per
/// <see cref="ElasticsearchWriterOptions.ServiceCacheTtl"/> rather than with every span. Only acknowledged pairs are
/// remembered: a failed write is written again next time.
/// </summary>
internal sealed class ServiceOperationCache(ElasticsearchWriterOptions options, TimeProvider time)
{
    private readonly Dictionary<ServiceOperation, DateTimeOffset> _written = [];
    private readonly Lock _lock = new();

    public bool IsFresh(ServiceOperation pair)
    {
        lock (_lock)
        {
            return _written.TryGetValue(pair, out var expires) && expires > time.GetUtcNow();
        }
    }

    public void Written(ServiceOperation pair)
    {
        if (options.ServiceCacheSize == 0 || options.ServiceCacheTtl == TimeSpan.Zero)
        {
            return;
        }

        lock (_lock)
        {
            if (_written.Count >= options.ServiceCacheSize)
            {
                // Starting over costs one rewrite per pair; tracking recency for eviction costs on every span.
                _written.Clear();
            }

            _written[pair] = time.GetUtcNow() + options.ServiceCacheTtl;
        }
    }
}
