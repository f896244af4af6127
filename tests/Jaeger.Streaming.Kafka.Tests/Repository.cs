namespace Jaeger.Streaming.Kafka.Tests;

/// <summary>The repository these tests run from, whose infra files the tests check.</summary>
internal static class Repository
{
    public static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "docker-compose.kafka.yml")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No docker-compose.kafka.yml above {AppContext.BaseDirectory}; run the tests from the repository.");
    }
}
