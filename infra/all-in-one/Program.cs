using System.Runtime.InteropServices;
using Jaeger.Streaming.AllInOne;

// dotnet run --project infra/all-in-one -- [--data-dir DIR] [any .NET configuration override, e.g. --Query:Port=16686]
var (dataDir, configArgs) = CommandLine.Split(args);

using var shutdown = new CancellationTokenSource();
using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

await using var host = await AllInOneHost.StartAsync(configArgs, dataDir, shutdown.Token);
Console.WriteLine("Jaeger.Streaming all-in-one is ready");
foreach (var (name, url) in host.Endpoints)
{
    Console.WriteLine($"  {name,-17} {url}");
}

Console.WriteLine($"  {"Kafka bootstrap",-17} {host.Kafka.BootstrapServers}  (embedded, {AllInOneHost.KafkaBrokers} brokers)");
Console.WriteLine($"  {"Data dir",-17} {host.DataDir}");

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
