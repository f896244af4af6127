namespace Jaeger.Streaming.Collector.Telemetry;

/// <summary>
/// The collector's Prometheus metrics, served at <c>/metrics</c> on the admin port. Bound from
/// <c>Collector:Metrics</c>.
/// </summary>
public sealed class CollectorMetricsOptions
{
    public const string Section = "Collector:Metrics";

    /// <summary>
    /// How many distinct service names, and separately tenants, get series of their own in the throttling metrics.
    /// Clients choose service names freely, so beyond this they are counted under <c>_other</c> and the number of
    /// series stays bounded. Default 1000.
    /// </summary>
    public int MaxLabelValues { get; set; } = 1000;
}
