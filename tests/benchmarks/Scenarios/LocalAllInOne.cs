using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>The all-in-one's command line for a scenario: every listener on loopback, on a free port, with quiet logs.</summary>
internal sealed record LocalAllInOne(List<string> Arguments, int HttpPort, int QueryPort)
{
    public static LocalAllInOne OnFreePorts()
    {
        int httpPort = FreePort.Next(), queryPort = FreePort.Next();
        List<string> arguments =
        [
            "--Collector:ListenAddress=127.0.0.1", $"--Collector:HttpPort={httpPort}", $"--Collector:GrpcPort={FreePort.Next()}", $"--Collector:AdminPort={FreePort.Next()}", $"--Collector:Sampling:Port={FreePort.Next()}", $"--Collector:Sampling:GrpcPort={FreePort.Next()}",
            "--Ingester:ListenAddress=127.0.0.1", $"--Ingester:AdminPort={FreePort.Next()}",
            "--Query:ListenAddress=127.0.0.1", $"--Query:Port={queryPort}", $"--Query:AdminPort={FreePort.Next()}",
            "--Logging:LogLevel:Default=Warning",
        ];
        return new LocalAllInOne(arguments, httpPort, queryPort);
    }
}
