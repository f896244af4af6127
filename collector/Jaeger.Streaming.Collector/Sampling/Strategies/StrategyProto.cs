using Jaeger.ApiV2;

namespace Jaeger.Streaming.Collector.Sampling.Strategies;

/// <summary>Writes a <see cref="SamplingStrategy"/> as Jaeger's gRPC <c>api_v2.SamplingStrategyResponse</c>, with the fields <see cref="StrategyJson"/> writes.</summary>
internal static class StrategyProto
{
    public static SamplingStrategyResponse Write(SamplingStrategy strategy)
    {
        var response = new SamplingStrategyResponse();
        if (strategy.Type == SamplingStrategyType.RateLimiting)
        {
            response.StrategyType = ApiV2.SamplingStrategyType.RateLimiting;
            response.RateLimitingSampling = new RateLimitingSamplingStrategy { MaxTracesPerSecond = strategy.MaxTracesPerSecond };
        }
        else
        {
            response.StrategyType = ApiV2.SamplingStrategyType.Probabilistic;
            response.ProbabilisticSampling = new ProbabilisticSamplingStrategy { SamplingRate = strategy.SamplingRate };
        }

        if (strategy.Operations is { } operations)
        {
            var perOperation = new PerOperationSamplingStrategies
            {
                DefaultSamplingProbability = operations.DefaultSamplingProbability,
                DefaultLowerBoundTracesPerSecond = operations.DefaultLowerBoundTracesPerSecond,
            };
            foreach (var operation in operations.PerOperation)
            {
                perOperation.PerOperationStrategies.Add(new OperationSamplingStrategy
                {
                    Operation = operation.Operation,
                    ProbabilisticSampling = new ProbabilisticSamplingStrategy { SamplingRate = operation.SamplingRate },
                });
            }

            response.OperationSampling = perOperation;
        }

        return response;
    }
}
