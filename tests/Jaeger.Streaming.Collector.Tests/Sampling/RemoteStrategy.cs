using System.Text.Json;
using Jaeger.ApiV2;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>
/// Reads a strategy as the Jaeger-remote samplers do, from the api_v2 JSON (OTel Go's jaegerremote, JS's
/// sampler-jaeger-remote, the Jaeger clients) or the api_v2 gRPC message (OTel Java's JaegerRemoteSampler), and decides
/// an operation's probability as they do: its per-operation entry, else <c>defaultSamplingProbability</c>, else
/// <c>probabilisticSampling</c>.
/// </summary>
internal sealed record RemoteStrategy(
    string StrategyType,
    double? SamplingRate,
    long? MaxTracesPerSecond,
    double? DefaultSamplingProbability,
    double? DefaultLowerBoundTracesPerSecond,
    IReadOnlyDictionary<string, double> PerOperation)
{
    public static RemoteStrategy Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var perOperation = new Dictionary<string, double>(StringComparer.Ordinal);
        double? defaultProbability = null;
        double? lowerBound = null;
        if (root.TryGetProperty("operationSampling", out var operations))
        {
            defaultProbability = operations.GetProperty("defaultSamplingProbability").GetDouble();
            lowerBound = operations.GetProperty("defaultLowerBoundTracesPerSecond").GetDouble();
            foreach (var entry in operations.GetProperty("perOperationStrategies").EnumerateArray())
            {
                perOperation.Add(entry.GetProperty("operation").GetString()!, entry.GetProperty("probabilisticSampling").GetProperty("samplingRate").GetDouble());
            }
        }

        return new RemoteStrategy(
            root.GetProperty("strategyType").GetString()!,
            root.TryGetProperty("probabilisticSampling", out var probabilistic) ? probabilistic.GetProperty("samplingRate").GetDouble() : null,
            root.TryGetProperty("rateLimitingSampling", out var rateLimiting) ? rateLimiting.GetProperty("maxTracesPerSecond").GetInt64() : null,
            defaultProbability,
            lowerBound,
            perOperation);
    }

    /// <summary>Reads the gRPC answer; a message field that is absent reads as the JSON field it would be written as, absent.</summary>
    public static RemoteStrategy From(SamplingStrategyResponse response)
    {
        var perOperation = new Dictionary<string, double>(StringComparer.Ordinal);
        var operations = response.OperationSampling;
        foreach (var entry in operations?.PerOperationStrategies ?? [])
        {
            perOperation.Add(entry.Operation, entry.ProbabilisticSampling.SamplingRate);
        }

        return new RemoteStrategy(
            response.StrategyType == SamplingStrategyType.RateLimiting ? "RATE_LIMITING" : "PROBABILISTIC",
            response.ProbabilisticSampling?.SamplingRate,
            response.RateLimitingSampling?.MaxTracesPerSecond,
            operations?.DefaultSamplingProbability,
            operations?.DefaultLowerBoundTracesPerSecond,
            perOperation);
    }

    /// <summary>Every field, the per-operation entries in order, so two readings compare with one equality.</summary>
    public string Describe() =>
        $"{StrategyType} rate={SamplingRate} max={MaxTracesPerSecond} default={DefaultSamplingProbability} lower={DefaultLowerBoundTracesPerSecond} ops=[{string.Join(", ", PerOperation.Select(p => $"{p.Key}={p.Value}"))}]";

    public double ProbabilityOf(string operation) =>
        PerOperation.TryGetValue(operation, out var probability) ? probability : DefaultSamplingProbability ?? SamplingRate ?? 0;
}
