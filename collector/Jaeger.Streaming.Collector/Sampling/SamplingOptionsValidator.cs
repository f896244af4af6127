using System.Globalization;
using Jaeger.Streaming.Collector.Sampling.Adaptive;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Sampling;

internal sealed class SamplingOptionsValidator(IOptions<CollectorOptions> collector) : IValidateOptions<SamplingOptions>
{
    private const string Adaptive = SamplingOptions.Section + ":Adaptive";

    public ValidateOptionsResult Validate(string? name, SamplingOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{SamplingOptions.Section}:Mode '{options.Mode}' is not a mode; use File, Adaptive or Off.");
        }

        if (options.Mode == SamplingMode.Off)
        {
            return Result(failures);
        }

        var ports = collector.Value;
        Port(failures, "Port", options.Port, 5778, ports.GrpcPort, ports.HttpPort, ports.AdminPort);
        Port(failures, "GrpcPort", options.GrpcPort, 14250, ports.GrpcPort, ports.HttpPort, ports.AdminPort, options.Port);

        Probability(failures, SamplingOptions.Section + ":DefaultProbability", options.DefaultProbability, "0.001");
        if (options.Mode == SamplingMode.File)
        {
            if (options.ReloadInterval <= TimeSpan.Zero)
            {
                failures.Add($"{SamplingOptions.Section}:ReloadInterval {options.ReloadInterval} must be positive, for example 00:00:10.");
            }

            if (options.StrategiesFile.Length > 0 && !File.Exists(options.StrategiesFile))
            {
                failures.Add($"{SamplingOptions.Section}:StrategiesFile '{options.StrategiesFile}' does not exist; give the path of a Jaeger strategies file, or leave it empty to serve DefaultProbability.");
            }
        }
        else
        {
            ValidateAdaptive(failures, options.Adaptive);
        }

        return Result(failures);
    }

    private static void Port(List<string> failures, string key, int port, int defaultPort, params int[] taken)
    {
        if (port is < 1 or > 65535)
        {
            failures.Add($"{SamplingOptions.Section}:{key} {port} is not a TCP port; use 1 to 65535 (the default is {defaultPort}).");
        }
        else if (Array.IndexOf(taken, port) >= 0)
        {
            failures.Add($"{SamplingOptions.Section}:{key} {port} is already a Collector listener's port; give each sampling listener its own (the default is {defaultPort}).");
        }
    }

    private static void ValidateAdaptive(List<string> failures, AdaptiveSamplingOptions adaptive)
    {
        if (!(adaptive.TargetTracesPerSecond > 0))
        {
            failures.Add($"{Adaptive}:TargetTracesPerSecond {Text(adaptive.TargetTracesPerSecond)} must be above 0 (the default is 1).");
        }

        if (adaptive.CalculationInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{Adaptive}:CalculationInterval {adaptive.CalculationInterval} is too short; use at least 00:00:01 (the default is 00:01:00).");
        }

        if (adaptive.CalculationDelay < TimeSpan.Zero || adaptive.CalculationDelay >= adaptive.CalculationInterval)
        {
            failures.Add($"{Adaptive}:CalculationDelay {adaptive.CalculationDelay} must be at least 0 and below CalculationInterval ({adaptive.CalculationInterval}); the default is 00:00:10.");
        }

        Probability(failures, Adaptive + ":InitialProbability", adaptive.InitialProbability, "0.001");
        Probability(failures, Adaptive + ":MinProbability", adaptive.MinProbability, "0.00001");
        if (adaptive.MinProbability > adaptive.InitialProbability)
        {
            failures.Add($"{Adaptive}:MinProbability {Text(adaptive.MinProbability)} is above InitialProbability {Text(adaptive.InitialProbability)}; lower it.");
        }

        if (!(adaptive.LowerBoundTracesPerSecond >= 0))
        {
            failures.Add($"{Adaptive}:LowerBoundTracesPerSecond {Text(adaptive.LowerBoundTracesPerSecond)} must be 0 or more (the default is 1/60).");
        }

        if (!(adaptive.IncreaseCap > 0))
        {
            failures.Add($"{Adaptive}:IncreaseCap {Text(adaptive.IncreaseCap)} must be above 0 (0.5 allows +50% an interval, the default).");
        }

        if (!(adaptive.DeltaTolerance is >= 0 and < 1))
        {
            failures.Add($"{Adaptive}:DeltaTolerance {Text(adaptive.DeltaTolerance)} must be at least 0 and below 1 (the default is 0.3).");
        }

        Positive(failures, "OperationRetentionIntervals", adaptive.OperationRetentionIntervals, 10);
        Positive(failures, "MaxServices", adaptive.MaxServices, 1000);
        Positive(failures, "MaxOperationsPerService", adaptive.MaxOperationsPerService, 500);
        NotEmpty(failures, "ThroughputTopic", adaptive.ThroughputTopic);
        NotEmpty(failures, "ProbabilitiesTopic", adaptive.ProbabilitiesTopic);
        NotEmpty(failures, "CalculatorGroup", adaptive.CalculatorGroup);
        if (adaptive.ThroughputTopic == adaptive.ProbabilitiesTopic)
        {
            failures.Add($"{Adaptive}:ThroughputTopic and ProbabilitiesTopic are both '{adaptive.ThroughputTopic}'; counts and probabilities need topics of their own.");
        }
    }

    private static void Probability(List<string> failures, string key, double value, string fallback)
    {
        if (!(value is >= 0 and <= 1))
        {
            failures.Add($"{key} {Text(value)} is not a probability; use 0 to 1 (the default is {fallback}).");
        }
    }

    private static void Positive(List<string> failures, string key, int value, int fallback)
    {
        if (value < 1)
        {
            failures.Add($"{Adaptive}:{key} {value} must be at least 1 (the default is {fallback}).");
        }
    }

    private static void NotEmpty(List<string> failures, string key, string value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            failures.Add($"{Adaptive}:{key} is empty; name a Kafka topic or group, or leave the setting out for the default.");
        }
    }

    private static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);

    private static ValidateOptionsResult Result(List<string> failures) =>
        failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
}
