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

    /// <summary>
    /// The most spans one read loads, a trace by id or all the traces of a search together; a read needing more is
    /// refused (422) before it holds them, as <c>Storage:Elasticsearch:Reader:MaxSpansPerRead</c> refuses it there.
    /// </summary>
    public int MaxSpansPerRead { get; set; } = 100_000;

    public const string DepthRangeError = $"{SectionName}:MaxSearchDepth must be between 1 and 10000.";

    public const string SpansRangeError = $"{SectionName}:MaxSpansPerRead must be at least 1.";

    public bool IsDepthValid => MaxSearchDepth is >= 1 and <= 10_000;

    public bool IsSpansValid => MaxSpansPerRead >= 1;
}
