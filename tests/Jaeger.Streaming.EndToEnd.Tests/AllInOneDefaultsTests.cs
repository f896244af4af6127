using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.EndToEnd.Tests;

/// <summary>
/// Settings the all-in-one chooses for its embedded parts, and that its command line still overrides; and that it is
/// ready, ingester included, once it says so.
/// </summary>
public sealed class AllInOneDefaultsTests(PipelineFixture pipeline) : IClassFixture<PipelineFixture>
{
    [Fact]
    public void Ingester_fetches_from_the_embedded_cluster_with_a_short_wait() =>
        Assert.Equal(TimeSpan.FromMilliseconds(100), pipeline.Host.IngesterSettings.FetchWaitMax);

    [Fact]
    public async Task Command_line_fetch_wait_overrides_the_all_in_one_default()
    {
        var dataDir = Directory.CreateTempSubdirectory("jaeger-e2e-").FullName;
        string[] args =
        [
            "--Collector:ListenAddress=127.0.0.1", $"--Collector:GrpcPort={FreePort.Next()}", $"--Collector:HttpPort={FreePort.Next()}", $"--Collector:AdminPort={FreePort.Next()}",
            $"--Collector:Sampling:Port={FreePort.Next()}", $"--Collector:Sampling:GrpcPort={FreePort.Next()}",
            "--Ingester:ListenAddress=127.0.0.1", $"--Ingester:AdminPort={FreePort.Next()}", "--Ingester:FetchWaitMax=00:00:00.250",
            "--Query:ListenAddress=127.0.0.1", $"--Query:Port={FreePort.Next()}", $"--Query:AdminPort={FreePort.Next()}",
        ];
        try
        {
            await using var host = await AllInOneHost.StartAsync(args, dataDir, TestContext.Current.CancellationToken);

            Assert.Equal(TimeSpan.FromMilliseconds(250), host.IngesterSettings.FetchWaitMax);
            Assert.Null(host.IngesterNotReadyReason);
        }
        finally
        {
            Directory.Delete(dataDir, recursive: true);
        }
    }
}
