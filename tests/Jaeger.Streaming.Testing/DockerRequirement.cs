using DotNet.Testcontainers.Configurations;

namespace Jaeger.Streaming.Testing;

/// <summary>Suites against real Kafka or Elasticsearch run where Docker exists, and skip with the reason otherwise.</summary>
public static class DockerRequirement
{
    /// <summary>Skips the calling test, saying why, unless a Docker engine is reachable.</summary>
    public static void SkipUnlessAvailable(string suite)
    {
        if (TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
        {
            Xunit.Assert.Skip($"{suite} needs a Docker engine for Testcontainers, and none is reachable here.");
        }
    }
}
