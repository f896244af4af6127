using System.Globalization;

namespace Jaeger.Streaming.Benchmarks;

/// <summary>The command line: <c>[scenario] [--seconds N] [--warmup N] [--concurrency N] [--repeat N (ingester)] [--sinks A,B (ingester)] [--rate N] [--spans N]</c>.</summary>
internal sealed record HarnessArguments(string Scenario, TimeSpan Duration, TimeSpan Warmup, int Concurrency, double SpansPerSecond, long StoredSpans)
{
    /// <summary>How many times the ingester scenario climbs its rate ladder; it reports the median (<c>--repeat N</c>, default 1).</summary>
    public int Repeat { get; init; } = 1;

    /// <summary>The sinks the ingester scenario climbs, in its order; <c>--sinks A,B</c> picks some, to measure a change to one loop sooner.</summary>
    public IReadOnlyList<string> Sinks { get; init; } = IngesterSinks;

    /// <summary>Every sink of the ingester scenario, in the order it climbs them.</summary>
    public static readonly IReadOnlyList<string> IngesterSinks = ["store", "null_writer", "inline_loop", "scan_loop", "prescan_loop", "byte_redaction_loop", "raw_consume"];

    public const string Usage =
        "usage: dotnet run -c Release --project tests/benchmarks -- [collector|redaction|ingester|ingester-steps|store|store-engines|e2e|query|overload] [--seconds N (default 10; overload 60)] [--warmup N] "
        + "[--concurrency N] [--repeat N (ingester)] [--sinks store,null_writer,inline_loop,scan_loop,prescan_loop,byte_redaction_loop,raw_consume (ingester; default all)] [--rate SPANS_PER_S (e2e: offered; overload: the collector's global limit, offered 10x)] [--spans N (query, store: spans stored, default 1000000)]";

    public static bool TryParse(string[] args, out HarnessArguments arguments, out string error)
    {
        arguments = new HarnessArguments("collector", TimeSpan.Zero, TimeSpan.Zero, 64, 2_000, 1_000_000);
        error = "";
        double? warmup = null;
        double? seconds = null;
        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal))
            {
                arguments = arguments with { Scenario = arg.ToLowerInvariant() };
                continue;
            }

            if (arg == "--sinks")
            {
                if (!TryParseSinks(i + 1 < args.Length ? args[i + 1] : "", out var sinks, out error))
                {
                    return false;
                }

                arguments = arguments with { Sinks = sinks };
                i++;
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
                    seconds = value;
                    break;
                case "--warmup":
                    warmup = value;
                    break;
                case "--rate" when value > 0:
                    arguments = arguments with { SpansPerSecond = value };
                    break;
                case "--spans" when value >= 1:
                    arguments = arguments with { StoredSpans = (long)value };
                    break;
                case "--repeat" when value >= 1:
                    arguments = arguments with { Repeat = (int)value };
                    break;
                case "--concurrency" when value >= 1:
                    arguments = arguments with { Concurrency = (int)value };
                    break;
                default:
                    error = $"'{arg} {args[i]}' is not understood. {Usage}";
                    return false;
            }
        }

        // Overload is about what builds up over time (memory, backlog), so it runs a minute unless told otherwise.
        arguments = arguments with { Duration = TimeSpan.FromSeconds(seconds ?? (arguments.Scenario == "overload" ? 60 : 10)) };

        // Long enough for the JIT's tiering and the producer's batching to settle, short enough not to dominate short runs.
        var defaultWarmup = Math.Clamp(arguments.Duration.TotalSeconds / 2, 0.5, 5);
        arguments = arguments with { Warmup = TimeSpan.FromSeconds(warmup ?? defaultWarmup) };
        return true;
    }

    /// <summary>A comma-separated list of ingester sinks, kept in the scenario's own order.</summary>
    private static bool TryParseSinks(string list, out IReadOnlyList<string> sinks, out string error)
    {
        var named = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        foreach (var sink in named)
        {
            if (!IngesterSinks.Contains(sink))
            {
                (sinks, error) = ([], $"--sinks names '{sink}', which is not a sink of the ingester scenario; choose from {string.Join(",", IngesterSinks)}.");
                return false;
            }
        }

        sinks = [.. IngesterSinks.Where(named.Contains)];
        error = sinks.Count == 0 ? $"--sinks needs at least one of {string.Join(",", IngesterSinks)}." : "";
        return sinks.Count > 0;
    }
}
