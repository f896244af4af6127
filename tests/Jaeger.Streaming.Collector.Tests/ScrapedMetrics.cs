using System.Text;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>One scrape of a collector's <c>/metrics</c> in the Prometheus text format, looked up by name and labels.</summary>
internal sealed class ScrapedMetrics
{
    private readonly Dictionary<string, double> _samples;

    private ScrapedMetrics(Dictionary<string, double> samples) => _samples = samples;

    public static async Task<ScrapedMetrics> ReadAsync(CollectorHost collector)
    {
        var text = await collector.Admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (series, value) in PrometheusExposition.Samples(text))
        {
            samples[Canonical(series)] = value;
        }

        return new ScrapedMetrics(samples);
    }

    /// <summary>
    /// Scrapes until <paramref name="condition"/> holds, for values recorded just after a response is sent (request
    /// duration, bytes released); after 30 s, the last scrape, for the assertion to report.
    /// </summary>
    public static async Task<ScrapedMetrics> WhenAsync(CollectorHost collector, Func<ScrapedMetrics, bool> condition)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromSeconds(30));
        while (true)
        {
            var scrape = await ReadAsync(collector);
            if (condition(scrape) || deadline.IsCancellationRequested)
            {
                return scrape;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    /// <summary>The sample's value; throws, listing what there is, when the series does not exist.</summary>
    public double Value(string name, params (string Label, string Value)[] labels)
    {
        var key = Key(name, labels);
        return _samples.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"No series {key}; the scrape has: {string.Join(", ", _samples.Keys.Where(k => k.StartsWith(name, StringComparison.Ordinal)))}");
    }

    public bool Has(string name, params (string Label, string Value)[] labels) => _samples.ContainsKey(Key(name, labels));

    private static string Key(string name, (string Label, string Value)[] labels)
    {
        var sorted = labels.Where(l => l.Value.Length > 0).OrderBy(l => l.Label, StringComparer.Ordinal);
        return $"{name}{{{string.Join(",", sorted.Select(l => $"{l.Label}={l.Value}"))}}}";
    }

    /// <summary><c>name{b="2",a="1"}</c> as <c>name{a=1,b=2}</c>; empty label values are left out, as Prometheus does.</summary>
    private static string Canonical(string series)
    {
        var open = series.IndexOf('{');
        if (open < 0)
        {
            return series + "{}";
        }

        var labels = new List<(string Label, string Value)>();
        var i = open + 1;
        while (series[i] != '}')
        {
            var equals = series.IndexOf('=', i);
            var label = series[i..equals];
            var value = new StringBuilder();
            i = equals + 2;
            while (series[i] != '"')
            {
                value.Append(series[i] == '\\' ? series[++i] switch { 'n' => '\n', var c => c } : series[i]);
                i++;
            }

            labels.Add((label, value.ToString()));
            i++;
            if (series[i] == ',')
            {
                i++;
            }
        }

        return Key(series[..open], [.. labels]);
    }
}
