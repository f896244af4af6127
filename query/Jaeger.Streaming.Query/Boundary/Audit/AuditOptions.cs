namespace Jaeger.Streaming.Query.Boundary.Audit;

/// <summary>
/// The audit log of API calls, bound from <c>Query:Audit</c>: one JSON line per call, allowed or denied, to its own
/// file, apart from the application log. It cannot be turned off while authentication is on.
/// </summary>
public sealed class AuditOptions
{
    public const string Section = "Query:Audit";

    /// <summary>
    /// The file the JSON lines are appended to; its directory is created. Relative paths are from the working
    /// directory. Ship it with a log agent; rotate it by copy-and-truncate. Default <c>query-audit.jsonl</c>.
    /// </summary>
    public string Path { get; set; } = "query-audit.jsonl";

    /// <summary>Write the audit log. Only <c>Query:Authentication:Mode=none</c> may turn it off. Default true.</summary>
    public bool Enabled { get; set; } = true;
}
