using Prometheus;

namespace Jaeger.Streaming.Query.Telemetry;

/// <summary>
/// The query service's Prometheus instruments, in the host's own registry (never the static default one, so several
/// hosts in one process count apart). Labels are bounded: the route template (or <c>unmatched</c>), the status
/// code, and for denials the reason <c>unauthenticated</c> or <c>forbidden</c>.
/// </summary>
internal sealed class QueryMetrics
{
    public QueryMetrics(CollectorRegistry registry)
    {
        var metrics = Metrics.WithCustomRegistry(registry);
        Requests = metrics.CreateCounter(
            "jaeger_query_requests_total",
            "API requests answered, by route template and HTTP status code.",
            ["route", "status"]);
        Duration = metrics.CreateHistogram(
            "jaeger_query_request_duration_seconds",
            "Time to answer an API request, by route template.",
            new HistogramConfiguration
            {
                LabelNames = ["route"],
                Buckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
            });
        Denied = metrics.CreateCounter(
            "jaeger_query_denied_requests_total",
            "API requests refused by authentication (unauthenticated, 401) or authorization (forbidden, 403), by route template.",
            ["route", "reason"]);
    }

    public Counter Requests { get; }

    public Histogram Duration { get; }

    public Counter Denied { get; }
}
