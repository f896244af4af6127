using Jaeger.Streaming.Collector.Telemetry;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Jaeger.Streaming.Collector.Sampling;

/// <summary>
/// Adaptive sampling's instruments, in the collector's registry: the probability served per operation (every
/// collector), the throughput the calculator observed per operation, and whether this collector is the calculator.
/// Operations beyond <c>Collector:Metrics:MaxLabelValues</c> pairs get no series, so cardinality stays bounded.
/// </summary>
internal sealed class SamplingMetrics
{
    private readonly Gauge _probability;
    private readonly Gauge _observed;
    private readonly Gauge _calculator;
    private readonly BoundedLabels _operations;

    public SamplingMetrics(CollectorRegistry registry, IOptions<CollectorMetricsOptions> options)
    {
        var factory = Metrics.WithCustomRegistry(registry);
        _operations = new BoundedLabels(options.Value.MaxLabelValues);
        _probability = factory.CreateGauge("jaeger_collector_sampling_probability", "Adaptive sampling probability this collector serves for an operation.", "service", "operation");
        _observed = factory.CreateGauge("jaeger_collector_sampling_observed_traces_per_second", "Root spans per second of an operation, summed over collectors, in the last bucket the calculator used (set on the calculator only).", "service", "operation");
        _calculator = factory.CreateGauge("jaeger_collector_sampling_calculator", "1 while this collector is the adaptive-sampling calculator (owns partition 0 of the throughput topic), else 0.");
    }

    public void Probability(string service, string operation, double probability)
    {
        if (Labels(service, operation) is { } labels)
        {
            _probability.WithLabels(labels).Set(probability);
        }
    }

    public void Observed(string service, string operation, double tracesPerSecond)
    {
        if (Labels(service, operation) is { } labels)
        {
            _observed.WithLabels(labels).Set(tracesPerSecond);
        }
    }

    /// <summary>Drops the series of an operation the calculator forgot.</summary>
    public void Forget(string service, string operation)
    {
        if (Labels(service, operation) is { } labels)
        {
            _probability.RemoveLabelled(labels);
            _observed.RemoveLabelled(labels);
        }
    }

    public void Calculator(bool owner) => _calculator.Set(owner ? 1 : 0);

    private string[]? Labels(string service, string operation) =>
        _operations.Of(service + "\n" + operation) == BoundedLabels.Other ? null : [Cut(service), Cut(operation)];

    private static string Cut(string value) => value.Length <= 128 ? value : value[..128];
}
