namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// How a service reaches Elasticsearch or OpenSearch and names its indices (<c>Storage:Elasticsearch</c>).
/// The ingester and the query service bind the same section, so they agree on servers, TLS and index names; each
/// authenticates with its own credential: the ingester with <see cref="WriteCredentials"/>, the query service with
/// <see cref="ReadCredentials"/>, which should belong to a role with only <c>read</c> and <c>view_index_metadata</c> on
/// <c>jaeger-*</c>.
/// </summary>
public sealed class ElasticsearchOptions
{
    public const string SectionName = "Storage:Elasticsearch";

    /// <summary>Base URLs of the cluster's nodes, for example <c>https://es-1:9200</c>. Tried in turn when one fails. Required.</summary>
    public List<string> Servers { get; set; } = [];

    /// <summary>Accepts <c>http://</c> servers: credentials and spans then cross the network unencrypted. Logged as a warning.</summary>
    public bool AllowPlaintext { get; set; }

    /// <summary>Whom to trust, and the client certificate for mTLS.</summary>
    public ElasticsearchTlsOptions Tls { get; set; } = new();

    /// <summary>The ingester's credential: needs to write <c>jaeger-*</c> indices (and to manage templates when it installs them).</summary>
    public ElasticsearchCredentials WriteCredentials { get; set; } = new();

    /// <summary>The query service's credential: <c>read</c> and <c>view_index_metadata</c> on <c>jaeger-*</c> only.</summary>
    public ElasticsearchCredentials ReadCredentials { get; set; } = new();

    /// <summary>Time allowed for one HTTP request to one node before the next is tried.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Further attempts after a 429/502/503/504 or a connection error, each on the next node, with backoff.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry; it doubles up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest delay between retries.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Prepended to every index name with a dash, as Jaeger's <c>--es.index-prefix</c> does: <c>prod</c> gives
    /// <c>prod-jaeger-span-2026-11-23</c>. Empty by default. Lowercase letters, digits, <c>_</c> and <c>-</c>.
    /// </summary>
    public string IndexPrefix { get; set; } = "";

    /// <summary>
    /// Gives each tenant its own indices (<c>{prefix}-{tenant}-jaeger-span-…</c>), so one tenant's documents never share an
    /// index with another's and per-tenant roles can be granted on index patterns.
    /// </summary>
    public bool TenantIndices { get; set; }

    /// <summary>
    /// Writes through the rollover alias <c>jaeger-span-write</c> and reads through <c>jaeger-span-read</c> (and the same
    /// for services) instead of daily indices, as Jaeger's <c>--es.use-aliases</c> does. Rollover itself is left to
    /// ILM/ISM (see the writer's <c>IlmPolicy</c>) or to Jaeger's es-rollover tool.
    /// </summary>
    public bool UseAliases { get; set; }

    /// <summary>Describes the settings without any secret, so it is safe to log.</summary>
    public override string ToString() =>
        $"Servers={string.Join(',', Servers)}, AllowPlaintext={AllowPlaintext}, Tls=({Tls}), WriteCredentials=({WriteCredentials}), " +
        $"ReadCredentials=({ReadCredentials}), IndexPrefix={IndexPrefix}, TenantIndices={TenantIndices}, UseAliases={UseAliases}";
}
