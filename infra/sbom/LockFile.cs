using System.Text.Json;

namespace Jaeger.Streaming.Sbom;

/// <summary>Reads the packages a <c>packages.lock.json</c> resolved. Project references are not packages and are left out.</summary>
public static class LockFile
{
    public static IReadOnlyList<LockedPackage> Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var packages = new List<LockedPackage>();
        foreach (var framework in document.RootElement.GetProperty("dependencies").EnumerateObject())
        {
            foreach (var entry in framework.Value.EnumerateObject())
            {
                var pin = entry.Value;
                if (pin.GetProperty("type").GetString() == "Project")
                {
                    continue;
                }

                var dependencies = pin.TryGetProperty("dependencies", out var deps)
                    ? deps.EnumerateObject().Select(d => d.Name).ToList()
                    : [];
                packages.Add(new LockedPackage(
                    entry.Name,
                    pin.GetProperty("resolved").GetString() ?? throw new InvalidDataException($"{path}: {entry.Name} has no resolved version"),
                    pin.GetProperty("contentHash").GetString() ?? throw new InvalidDataException($"{path}: {entry.Name} has no content hash"),
                    dependencies));
            }
        }

        return packages;
    }
}
