using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Ingester.Tests.Support;

/// <summary>One scrape of an ingester's <c>/metrics</c>, in Prometheus text format, read series by series.</summary>
internal sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _series;

    private MetricsScrape(string text) => _series = PrometheusExposition.Samples(text);

    public static async Task<MetricsScrape> TakeAsync(int adminPort)
    {
        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri($"http://127.0.0.1:{adminPort}/metrics"), TestContext.Current.CancellationToken);
        return new MetricsScrape(text);
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds, with <see cref="Eventually"/>'s deadline; returns the scrape that satisfied it.</summary>
    public static async Task<MetricsScrape> WhenAsync(int adminPort, Func<MetricsScrape, bool> condition, string what)
    {
        MetricsScrape? satisfied = null;
        await Eventually.HoldsAsync(
            async () =>
            {
                var scrape = await TakeAsync(adminPort);
                satisfied = condition(scrape) ? scrape : null;
                return satisfied is not null;
            },
            what);
        return satisfied!;
    }

    /// <summary>The value of one series, written as in the exposition (<c>name{label="value"}</c>); null when absent.</summary>
    public double? Value(string series) => _series.TryGetValue(series, out var value) ? value : null;

    /// <summary>The sum over every series of a metric name, whatever their labels; 0 when there is none.</summary>
    public double Sum(string name) => Series(name).Sum(series => series.Value);

    /// <summary>Every series of a metric name, keyed as in the exposition.</summary>
    public Dictionary<string, double> Series(string name) =>
        _series.Where(s => s.Key == name || s.Key.StartsWith(name + "{", StringComparison.Ordinal)).ToDictionary(s => s.Key, s => s.Value, StringComparer.Ordinal);
}
