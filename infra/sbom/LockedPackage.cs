namespace Jaeger.Streaming.Sbom;

/// <summary>A NuGet package as a <c>packages.lock.json</c> pins it: exact version, content hash, and its dependencies.</summary>
public sealed record LockedPackage(string Name, string Version, string ContentHashSha512Base64, IReadOnlyList<string> Dependencies)
{
    /// <summary>The package URL (purl) that identifies it in an SBOM.</summary>
    public string Purl => $"pkg:nuget/{Name}@{Version}";
}
