using System.Runtime.InteropServices;
using Jaeger.Streaming.AllInOne;

// dotnet run --project infra/all-in-one -- [--data-dir DIR] [any .NET configuration override, e.g. --Query:Port=16686]
var (dataDir, configArgs) = CommandLine.Split(args);

using var shutdown = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using var host = await AllInOneHost.StartAsync(configArgs, dataDir, shutdown.Token);
Console.WriteLine("Jaeger.Streaming all-in-one is ready");
Console.WriteLine($"  OTLP/gRPC, OTLP/HTTP   {string.Join("  ", host.CollectorUrls)}  (HTTP path /v1/traces)");
Console.WriteLine($"  Query UI and API       {string.Join("  ", host.QueryUrls)}");
Console.WriteLine($"  Ingester admin         {string.Join("  ", host.IngesterUrls)}");
Console.WriteLine($"  Kafka bootstrap        {host.Kafka.BootstrapServers}  (embedded, {AllInOneHost.KafkaBrokers} brokers)");
Console.WriteLine($"  Data dir               {host.DataDir}");

try
{
    await Task.Delay(Timeout.Infinite, shutdown.Token);
}
catch (OperationCanceledException)
{
}

Console.WriteLine("all-in-one: stopping, draining what was accepted");
await host.StopAsync(CancellationToken.None);
Console.WriteLine("all-in-one: stopped");

void Stop(PosixSignalContext context)
{
    context.Cancel = true;
    shutdown.Cancel();
}
