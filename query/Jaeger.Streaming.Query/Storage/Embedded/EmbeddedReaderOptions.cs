namespace Jaeger.Streaming.Query.Storage.Embedded;

/// <summary>
/// The embedded store's read limits, bound from <c>Storage:Embedded:Reader</c>, as <c>Storage:Elasticsearch:Reader</c>
/// bounds the Elasticsearch reader's.
/// </summary>
internal sealed class EmbeddedReaderOptions
{
    public const string SectionName = "Storage:Embedded:Reader";

    /// <summary>
    /// The most traces one search returns, whatever the request asks: every trace found is loaded whole, so a search
    /// asking for a million would hold much of the store in memory and in one answer.
    /// </summary>
    public int MaxSearchDepth { get; set; } = 1000;

    public const string DepthRangeError = $"{SectionName}:MaxSearchDepth must be between 1 and 10000.";

    public bool IsValid => MaxSearchDepth is >= 1 and <= 10_000;
}
