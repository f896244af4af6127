using Jaeger.Streaming.Benchmarks;
using Jaeger.Streaming.Benchmarks.Scenarios;

if (args is [CollectorProcess.Command, .. var rest])
{
    return await CollectorProcess.RunAsync(rest);
}

return await Harness.RunAsync(args, Console.Out, CancellationToken.None);
