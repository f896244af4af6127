using Jaeger.Streaming.Schemas.Storage.Elasticsearch;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>
/// How the ingester writes to Elasticsearch (<c>Storage:Elasticsearch:Writer</c>). The connection itself is
/// <see cref="ElasticsearchOptions"/> (<c>Storage:Elasticsearch</c>), with <c>WriteCredentials</c>.
/// Memory is bounded by <see cref="MaxConcurrentBulkRequests"/> × <see cref="MaxBulkBytes"/>: writers beyond that wait.
/// </summary>
public sealed class ElasticsearchWriterOptions
{
    public const string SectionName = ElasticsearchOptions.SectionName + ":Writer";

    /// <summary>Largest <c>_bulk</c> body. A single document larger than this is sent alone.</summary>
    public int MaxBulkBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>Most documents (span and service documents) in one <c>_bulk</c> request.</summary>
    public int MaxBulkDocuments { get; set; } = 1000;

    /// <summary>Most <c>_bulk</c> requests in flight at once, across all writes.</summary>
    public int MaxConcurrentBulkRequests { get; set; } = 2;

    /// <summary>
    /// Times the items Elasticsearch answered 429 or 5xx for are re-sent (only those) before the write fails; the
    /// ingester then retries the whole write, which overwrites what already landed.
    /// </summary>
    public int MaxItemRetries { get; set; } = 5;

    /// <summary>How long a written service/operation pair is remembered, so it is not written with every span.</summary>
    public TimeSpan ServiceCacheTtl { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Most service/operation pairs remembered; beyond, the cache starts over.</summary>
    public int ServiceCacheSize { get; set; } = 100_000;

    /// <summary>
    /// How <c>_bulk</c> bodies travel: <c>None</c>, or <c>Gzip</c>, which sends about a tenth of the bytes for some CPU
    /// on the ingester (docs/performance.md). Elasticsearch and OpenSearch accept gzip bodies; a hosted service may
    /// need it switched on (Amazon OpenSearch Service: <c>http_compression.enabled</c>), so it is off by default.
    /// </summary>
    public BulkCompression Compression { get; set; } = BulkCompression.None;

    /// <summary>Installs the index templates at start. Skipped, with a warning, when the credential may not.</summary>
    public bool InstallTemplates { get; set; } = true;

    /// <summary>The engine the templates are for; detected from the cluster (<c>GET /</c>) when empty.</summary>
    public ElasticsearchEngine? Engine { get; set; }

    public int Shards { get; set; } = 1;

    public int Replicas { get; set; } = 1;

    /// <summary>
    /// With <c>Storage:Elasticsearch:UseAliases</c>, the ILM (Elasticsearch) or ISM (OpenSearch) policy that rolls the
    /// write alias over; it must exist. Empty: roll over with Jaeger's es-rollover tool.
    /// </summary>
    public string? LifecyclePolicy { get; set; }
}

/// <summary>The encoding of a <c>_bulk</c> body (<see cref="ElasticsearchWriterOptions.Compression"/>).</summary>
public enum BulkCompression
{
    None,
    Gzip,
}
