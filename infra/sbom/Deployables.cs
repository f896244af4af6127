namespace Jaeger.Streaming.Sbom;

/// <summary>What we ship, each with the project whose lock file holds its whole package closure.</summary>
public static class Deployables
{
    public static readonly IReadOnlyList<(string Name, string Project)> All =
    [
        ("jaeger-streaming-collector", "collector/Jaeger.Streaming.Collector.Host"),
        ("jaeger-streaming-ingester", "ingester/Jaeger.Streaming.Ingester.Host"),
        ("jaeger-streaming-query", "query/Jaeger.Streaming.Query.Host"),
        ("jaeger-streaming-all-in-one", "infra/all-in-one"),
    ];

    /// <summary>Writes <c>&lt;name&gt;.cdx.json</c> for every deployable into <paramref name="outputDirectory"/>; returns the paths.</summary>
    public static IReadOnlyList<string> WriteAll(string repositoryRoot, string outputDirectory, string version, DateTimeOffset timestamp)
    {
        Directory.CreateDirectory(outputDirectory);
        var written = new List<string>();
        foreach (var (name, project) in All)
        {
            var packages = LockFile.Read(Path.Combine(repositoryRoot, project, "packages.lock.json"));
            var path = Path.Combine(outputDirectory, $"{name}.cdx.json");
            File.WriteAllText(path, CycloneDxBom.Serialize(CycloneDxBom.Create(name, version, packages, timestamp)));
            written.Add(path);
        }

        return written;
    }
}
