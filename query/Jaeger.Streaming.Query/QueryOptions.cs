namespace Jaeger.Streaming.Query;

/// <summary>
/// The query service's listeners, bound from the <c>Query</c> configuration section
/// (for example <c>Query__Port=16686</c> in the environment).
/// </summary>
public sealed class QueryOptions
{
    public const string SectionName = "Query";

    /// <summary>The UI, API v3 and legacy API port. Default 16686.</summary>
    public int Port { get; set; } = 16686;

    /// <summary>The admin port, serving <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>, without TLS or authentication. Default 16687.</summary>
    public int AdminPort { get; set; } = 16687;

    /// <summary>The IP address to listen on; empty or <c>any</c> means every interface.</summary>
    public string ListenAddress { get; set; } = "any";

    /// <summary>
    /// The path the UI and APIs are served under on <see cref="Port"/>, such as <c>/jaeger</c>, for a reverse proxy
    /// that forwards that prefix without stripping it (Jaeger's <c>--query.base-path</c>). Empty or <c>/</c>: the root.
    /// </summary>
    public string BasePath { get; set; } = "";
}
