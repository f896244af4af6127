using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Benchmarks.Reporting;
using Jaeger.Streaming.Benchmarks.Scenarios;

namespace Jaeger.Streaming.Benchmarks;

/// <summary>
/// The harness entry point, also called in-process by the smoke test: runs one scenario, prints its progress and a
/// table, and last of all one JSON line with every figure, so scripts can compare runs.
/// </summary>
internal static class Harness
{
    private static readonly Dictionary<string, Scenario> Scenarios = new()
    {
        ["collector"] = new(CollectorScenario.RunAsync),
        ["redaction"] = new(RedactionScenario.RunAsync),
        ["ingester"] = new(IngesterScenario.RunAsync),
        ["ingester-steps"] = new(
            (arguments, report, output, _) => IngesterStepCost.MeasureCpuStepsAsync(SpanRecords.From(RealisticLoad.Build()), arguments.Duration, report, output),
            arguments => $"each step measured {arguments.Duration.TotalSeconds / 2:0.#} s, after a warm-up of a quarter of that in CPU time"),
        ["store"] = new(StoreScenario.RunAsync, arguments => $"{arguments.StoredSpans:N0} spans written"),
        ["store-engines"] = new(StoreEngines.RunAsync, arguments => $"each engine measured {arguments.Duration.TotalSeconds:0.#} s"),
        ["e2e"] = new(FreshnessScenario.RunAsync),
        ["query"] = new(QueryScenario.RunAsync, arguments => $"{arguments.StoredSpans:N0} spans stored, " + TimedPhases(arguments)),
        ["overload"] = new(OverloadScenario.RunAsync),
    };

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        if (!HarnessArguments.TryParse(args, out var arguments, out var error))
        {
            await output.WriteLineAsync(error);
            return 2;
        }

        if (!Scenarios.TryGetValue(arguments.Scenario, out var scenario))
        {
            await output.WriteLineAsync($"Scenario '{arguments.Scenario}' does not exist; choose one of {string.Join(", ", Scenarios.Keys)}. {HarnessArguments.Usage}");
            return 2;
        }

        var report = new Report(arguments);
        await output.WriteLineAsync($"{arguments.Scenario}: {(scenario.Settings ?? TimedPhases)(arguments)}, {Environment.ProcessorCount} cores");
        await scenario.RunAsync(arguments, report, output, cancellationToken);
        report.WriteTable(output);
        report.WriteJsonLine(output);
        return 0;
    }

    private static string TimedPhases(HarnessArguments arguments) =>
        $"warm-up {arguments.Warmup.TotalSeconds:0.#} s, measured {arguments.Duration.TotalSeconds:0.#} s per phase";

    /// <param name="Settings">The settings the scenario runs on, for its first line; the timed phases' when null.</param>
    private sealed record Scenario(Func<HarnessArguments, Report, TextWriter, CancellationToken, Task> RunAsync, Func<HarnessArguments, string>? Settings = null);
}
