using Jaeger.Streaming.Schemas.Storage.Elasticsearch;

namespace Jaeger.Streaming.Query.Storage.Elasticsearch;

/// <summary>
/// How the query service reads Elasticsearch (<c>Storage:Elasticsearch:Reader</c>). The connection is
/// <see cref="ElasticsearchOptions"/> (<c>Storage:Elasticsearch</c>) with <c>ReadCredentials</c>, a role with only
/// <c>read</c> and <c>view_index_metadata</c> on <c>jaeger-*</c>.
/// </summary>
public sealed class ElasticsearchReaderOptions
{
    public const string SectionName = ElasticsearchOptions.SectionName + ":Reader";

    /// <summary>The most traces one search returns, whatever the request's search depth asks.</summary>
    public int MaxSearchDepth { get; set; } = 1000;

    /// <summary>Spans fetched per page when loading traces.</summary>
    public int PageSize { get; set; } = 1000;

    /// <summary>The most spans loaded for one search or trace; beyond, the read fails rather than exhaust memory.</summary>
    public int MaxSpansPerRead { get; set; } = 100_000;
}
