using System.Text.Json;

namespace Jaeger.Streaming.Collector.Sampling.Strategies;

/// <summary>
/// Writes a <see cref="SamplingStrategy"/> as Jaeger's <c>/api/sampling</c> does: the proto3 JSON of
/// <c>api_v2.SamplingStrategyResponse</c>, camelCase fields, the strategy type as its enum name.
/// </summary>
internal static class StrategyJson
{
    public static byte[] Write(SamplingStrategy strategy)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("strategyType", strategy.Type == SamplingStrategyType.Probabilistic ? "PROBABILISTIC" : "RATE_LIMITING");
            if (strategy.Type == SamplingStrategyType.RateLimiting)
            {
                json.WriteStartObject("rateLimitingSampling");
                json.WriteNumber("maxTracesPerSecond", strategy.MaxTracesPerSecond);
                json.WriteEndObject();
            }
            else
            {
                json.WriteStartObject("probabilisticSampling");
                json.WriteNumber("samplingRate", strategy.SamplingRate);
                json.WriteEndObject();
            }

            if (strategy.Operations is { } operations)
            {
                json.WriteStartObject("operationSampling");
                json.WriteNumber("defaultSamplingProbability", operations.DefaultSamplingProbability);
                json.WriteNumber("defaultLowerBoundTracesPerSecond", operations.DefaultLowerBoundTracesPerSecond);
                json.WriteStartArray("perOperationStrategies");
                foreach (var operation in operations.PerOperation)
                {
                    json.WriteStartObject();
                    json.WriteString("operation", operation.Operation);
                    json.WriteStartObject("probabilisticSampling");
                    json.WriteNumber("samplingRate", operation.SamplingRate);
                    json.WriteEndObject();
                    json.WriteEndObject();
                }

                json.WriteEndArray();
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
