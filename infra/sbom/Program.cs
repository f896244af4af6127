// Writes a CycloneDX SBOM per deployable from the committed lock files:
//   dotnet run --project infra/sbom -- [output-dir] [version]
// SOURCE_DATE_EPOCH, when set, fixes the timestamp so the output is reproducible.
using Jaeger.Streaming.Sbom;

var root = FindRepositoryRoot(AppContext.BaseDirectory) ?? FindRepositoryRoot(Directory.GetCurrentDirectory())
    ?? throw new InvalidOperationException("Run inside the repository: Jaeger.Streaming.sln was not found above the working directory.");
var output = args.Length > 0 ? Path.GetFullPath(args[0]) : Path.Combine(root, "artifacts", "sbom");
var version = args.Length > 1 ? args[1] : "0.0.0-dev";
var timestamp = long.TryParse(Environment.GetEnvironmentVariable("SOURCE_DATE_EPOCH"), out var epoch)
    ? DateTimeOffset.FromUnixTimeSeconds(epoch)
    : DateTimeOffset.UtcNow;

foreach (var path in Deployables.WriteAll(root, output, version, timestamp))
{
    Console.WriteLine($"SBOM: {path}");
}

static string? FindRepositoryRoot(string start)
{
    for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Jaeger.Streaming.sln")))
        {
            return dir.FullName;
        }
    }

    return null;
}
