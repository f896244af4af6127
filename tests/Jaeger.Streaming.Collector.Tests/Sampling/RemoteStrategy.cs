using System.Text.Json;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>
/// Reads a strategy as the HTTP Jaeger-remote samplers do (OTel Go's jaegerremote, JS's sampler-jaeger-remote, the
/// Jaeger clients), by the api_v2 JSON field names, and decides an operation's probability as they do: its
/// per-operation entry, else <c>defaultSamplingProbability</c>, else <c>probabilisticSampling</c>.
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

    public double ProbabilityOf(string operation) =>
        PerOperation.TryGetValue(operation, out var probability) ? probability : DefaultSamplingProbability ?? SamplingRate ?? 0;
}
