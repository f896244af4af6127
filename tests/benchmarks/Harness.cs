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
    private static readonly Dictionary<string, Func<HarnessArguments, Report, TextWriter, CancellationToken, Task>> Scenarios = new()
    {
        ["collector"] = CollectorScenario.RunAsync,
        ["redaction"] = RedactionScenario.RunAsync,
        ["ingester"] = IngesterScenario.RunAsync,
        ["ingester-steps"] = (arguments, report, output, _) => IngesterStepCost.MeasureCpuStepsAsync(
            SpanRecords.From(RealisticLoad.Build()), arguments.Duration, report, output),
        ["store"] = StoreScenario.RunAsync,
        ["store-engines"] = StoreEngines.RunAsync,
        ["e2e"] = FreshnessScenario.RunAsync,
        ["query"] = QueryScenario.RunAsync,
        ["overload"] = OverloadScenario.RunAsync,
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
        await output.WriteLineAsync($"{arguments.Scenario}: warm-up {arguments.Warmup.TotalSeconds:0.#} s, measured {arguments.Duration.TotalSeconds:0.#} s per phase, {Environment.ProcessorCount} cores");
        await scenario(arguments, report, output, cancellationToken);
        report.WriteTable(output);
        report.WriteJsonLine(output);
        return 0;
    }
}
