using Jaeger.Streaming.Benchmarks;

return await Harness.RunAsync(args, Console.Out, CancellationToken.None);
