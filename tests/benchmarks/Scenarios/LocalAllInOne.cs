using System.Diagnostics;
using System.Net;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>The all-in-one's command line for a scenario: every listener on loopback, on a free port, with quiet logs.</summary>
internal sealed record LocalAllInOne(List<string> Arguments, int HttpPort, int QueryPort, int IngesterAdminPort)
{
    public static LocalAllInOne OnFreePorts()
    {
        int httpPort = FreePort.Next(), queryPort = FreePort.Next(), ingesterAdminPort = FreePort.Next();
        List<string> arguments =
        [
            "--Collector:ListenAddress=127.0.0.1", $"--Collector:HttpPort={httpPort}", $"--Collector:GrpcPort={FreePort.Next()}", $"--Collector:AdminPort={FreePort.Next()}", $"--Collector:Sampling:Port={FreePort.Next()}", $"--Collector:Sampling:GrpcPort={FreePort.Next()}",
            "--Ingester:ListenAddress=127.0.0.1", $"--Ingester:AdminPort={ingesterAdminPort}",
            "--Query:ListenAddress=127.0.0.1", $"--Query:Port={queryPort}", $"--Query:AdminPort={FreePort.Next()}",
            "--Logging:LogLevel:Default=Warning",
        ];
        return new LocalAllInOne(arguments, httpPort, queryPort, ingesterAdminPort);
    }

    /// <summary>
    /// Waits until the ingester's readiness endpoint answers 200, that is, until its consumer has joined the group and
    /// holds partitions; answers how long that took. Load sent before then piles up as a backlog the ingester drains
    /// first, and a measurement of steady state would start inside that drain.
    /// </summary>
    public async Task<TimeSpan> WaitUntilIngesterReadyAsync(TimeSpan limit, CancellationToken cancellationToken)
    {
        using var admin = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{IngesterAdminPort}") };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            using (var response = await admin.GetAsync("/health/ready", cancellationToken))
            {
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return clock.Elapsed;
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        }

        throw new TimeoutException($"The all-in-one's ingester was not ready within {limit.TotalSeconds:0} s (GET /health/ready on port {IngesterAdminPort}).");
    }
}
