namespace Jaeger.Streaming.Testing;

/// <summary>The repository the tests run from, for tests that check its committed files.</summary>
public static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Jaeger.Streaming.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No Jaeger.Streaming.sln above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
