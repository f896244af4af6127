using System.Globalization;

namespace Jaeger.Streaming.Benchmarks;

/// <summary>The command line: <c>[scenario] [--seconds N] [--warmup N] [--concurrency N] [--rate N]</c>.</summary>
internal sealed record HarnessArguments(string Scenario, TimeSpan Duration, TimeSpan Warmup, int Concurrency, double SpansPerSecond)
{
    public const string Usage =
        "usage: dotnet run -c Release --project tests/benchmarks -- [collector|redaction|ingester|e2e] [--seconds N] [--warmup N] [--concurrency N] [--rate SPANS_PER_S (e2e)]";

    public static bool TryParse(string[] args, out HarnessArguments arguments, out string error)
    {
        arguments = new HarnessArguments("collector", TimeSpan.FromSeconds(10), TimeSpan.Zero, 64, 2_000);
        error = "";
        double? warmup = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                arguments = arguments with { Scenario = arg.ToLowerInvariant() };
                continue;
            }

            if (i + 1 >= args.Length || !double.TryParse(args[i + 1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value < 0)
            {
                error = $"{arg} needs a non-negative number after it. {Usage}";
                return false;
            }

            i++;
            switch (arg)
            {
                case "--seconds" when value > 0:
                    arguments = arguments with { Duration = TimeSpan.FromSeconds(value) };
                    break;
                case "--warmup":
                    warmup = value;
                    break;
                case "--rate" when value > 0:
                    arguments = arguments with { SpansPerSecond = value };
                    break;
                case "--concurrency" when value >= 1:
                    arguments = arguments with { Concurrency = (int)value };
                    break;
                default:
                    error = $"'{arg} {args[i]}' is not understood. {Usage}";
                    return false;
            }
        }

        // Long enough for the JIT's tiering and the producer's batching to settle, short enough not to dominate short runs.
        var defaultWarmup = Math.Clamp(arguments.Duration.TotalSeconds / 2, 0.5, 5);
        arguments = arguments with { Warmup = TimeSpan.FromSeconds(warmup ?? defaultWarmup) };
        return true;
    }
}
