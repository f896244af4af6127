namespace Jaeger.Streaming.Collector.Sampling.Strategies;

/// <summary>Where the sampling endpoint gets a service's strategy: the strategies file, or the adaptive calculation.</summary>
internal interface ISamplingStrategies
{
    SamplingStrategy For(string service);
}
