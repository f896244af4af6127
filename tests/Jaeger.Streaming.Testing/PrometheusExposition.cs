using System.Globalization;

namespace Jaeger.Streaming.Testing;

/// <summary>The samples of a <c>/metrics</c> scrape in the Prometheus text format.</summary>
public static class PrometheusExposition
{
    /// <summary>Every sample, keyed by its series as written (<c>name{label="value"}</c>); comments are skipped.</summary>
    public static Dictionary<string, double> Samples(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                continue;
            }

            var space = line.LastIndexOf(' ');
            samples[line[..space]] = double.Parse(line[(space + 1)..], CultureInfo.InvariantCulture);
        }

        return samples;
    }
}
