namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>Which side of the trust boundary connects, and so which credential it uses.</summary>
public enum ElasticsearchRole
{
    /// <summary>The ingester, with <see cref="ElasticsearchOptions.WriteCredentials"/>.</summary>
    Writer,

    /// <summary>The query service, with <see cref="ElasticsearchOptions.ReadCredentials"/>.</summary>
    Reader,
}
