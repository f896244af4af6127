namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// <c>Storage:Type</c>, the backend both the ingester and the query service use: <c>embedded</c> (the default) or
/// <c>elasticsearch</c> (Elasticsearch 7/8 or OpenSearch 2, configured under <c>Storage:Elasticsearch</c>).
/// </summary>
public static class StorageType
{
    public const string Key = "Storage:Type";
    public const string Embedded = "embedded";
    public const string Elasticsearch = "elasticsearch";

    /// <summary>True for <c>elasticsearch</c> (any case); false for <c>embedded</c> or unset; throws naming the key otherwise.</summary>
    public static bool IsElasticsearch(string? configured)
    {
        if (string.IsNullOrWhiteSpace(configured) || string.Equals(configured, Embedded, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (string.Equals(configured, Elasticsearch, StringComparison.OrdinalIgnoreCase) || string.Equals(configured, "opensearch", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        throw new InvalidOperationException($"{Key} '{configured}' is not supported; use {Embedded} (the default) or {Elasticsearch}.");
    }
}
