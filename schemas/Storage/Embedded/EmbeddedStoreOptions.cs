namespace Jaeger.Streaming.Schemas.Storage.Embedded;

/// <summary>
/// Where the embedded trace store keeps its database, bound from <c>Storage:Embedded</c>.
/// The ingester opens it read-write and the query service read-only, so both must point at the same directory.
/// </summary>
public sealed class EmbeddedStoreOptions
{
    /// <summary>The configuration section these options bind from.</summary>
    public const string SectionName = "Storage:Embedded";

    /// <summary>The directory holding the database file (<c>Storage:Embedded:DataDir</c>). Default <c>./data</c>.</summary>
    public string DataDir { get; set; } = "./data";

    /// <summary>The start-up error when <see cref="DataDir"/> is empty, naming the key and the fix.</summary>
    public const string EmptyDataDirError =
        $"{SectionName}:DataDir is empty; set it to the directory holding the trace database (the ingester writes it, the query service reads it).";

    /// <summary>Whether both halves of the store can use these options.</summary>
    public bool IsValid => !string.IsNullOrWhiteSpace(DataDir);
}
