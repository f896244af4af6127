using System.Text.Json;
using System.Text.RegularExpressions;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Operations.Tests;

public sealed partial class MonitoringTests
{
    private static readonly string Monitoring = Path.Combine(Repository.Root(), "infra", "monitoring");

    [Theory]
    [InlineData("alerts.yml")]
    [InlineData("grafana-dashboard.json")]
    public void Every_metric_the_file_uses_is_one_a_service_exports(string file)
    {
        var exported = ExportedMetricNames();
        var used = MetricName().Matches(File.ReadAllText(Path.Combine(Monitoring, file)))
            .Select(m => HistogramSeriesSuffix().Replace(m.Value, ""))
            .ToHashSet();

        Assert.NotEmpty(used);
        var unknown = used.Except(exported).ToList();
        Assert.True(unknown.Count == 0, $"{file} uses metrics no service exports: {string.Join(", ", unknown)}");
    }

    [Fact]
    public void Dashboard_is_valid_json_with_a_query_in_every_panel()
    {
        using var dashboard = JsonDocument.Parse(File.ReadAllText(Path.Combine(Monitoring, "grafana-dashboard.json")));

        var panels = dashboard.RootElement.GetProperty("panels").EnumerateArray().Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.NotEmpty(panels);
        Assert.All(panels, panel => Assert.NotEmpty(panel.GetProperty("targets").EnumerateArray()));
    }

    /// <summary>The metric names the services create, read from their sources (each is a string literal there).</summary>
    private static HashSet<string> ExportedMetricNames() =>
        new[] { "collector", "ingester", "query" }
            .SelectMany(service => Directory.EnumerateFiles(Path.Combine(Repository.Root(), service), "*.cs", SearchOption.AllDirectories))
            .SelectMany(path => QuotedMetricName().Matches(File.ReadAllText(path)).Select(m => m.Groups["name"].Value))
            .ToHashSet();

    [GeneratedRegex(@"\bjaeger_(?:collector|ingester|query)_[a-z_]+")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"""(?<name>jaeger_(?:collector|ingester|query)_[a-z_]+)""")]
    private static partial Regex QuotedMetricName();

    [GeneratedRegex("_(?:bucket|sum|count)$")]
    private static partial Regex HistogramSeriesSuffix();
}
