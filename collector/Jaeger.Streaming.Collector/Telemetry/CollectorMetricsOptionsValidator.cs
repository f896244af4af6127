using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Telemetry;

internal sealed class CollectorMetricsOptionsValidator : IValidateOptions<CollectorMetricsOptions>
{
    private const int Largest = 100_000;

    public ValidateOptionsResult Validate(string? name, CollectorMetricsOptions options) =>
        options.MaxLabelValues is < 1 or > Largest
            ? ValidateOptionsResult.Fail($"{CollectorMetricsOptions.Section}:MaxLabelValues {options.MaxLabelValues} is out of range; use 1 to {Largest} (the default is 1000): each value is a series Prometheus keeps.")
            : ValidateOptionsResult.Success;
}
