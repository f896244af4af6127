using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Jaeger.Streaming.Benchmarks.Reporting;

/// <summary>The figures of one run, in the order they were measured: printed as a table, then as one JSON line.</summary>
internal sealed class Report(HarnessArguments arguments)
{
    private readonly List<Figure> _figures = [];

    // The machine is shared; the load average before and after says how much other work competed with the run.
    private readonly string _loadBefore = LoadAverage();

    public IReadOnlyList<Figure> Figures => _figures;

    /// <summary>Adds a figure; <paramref name="key"/> is its stable JSON name, so scripts can compare runs.</summary>
    public void Add(string key, double value, string unit, string description) => _figures.Add(new Figure(key, value, unit, description));

    public void WriteTable(TextWriter output)
    {
        var keyWidth = 10;
        var descriptionWidth = 10;
        foreach (var figure in _figures)
        {
            keyWidth = Math.Max(keyWidth, figure.Key.Length);
            descriptionWidth = Math.Max(descriptionWidth, figure.Description.Length);
        }

        output.WriteLine();
        output.WriteLine($"{"figure".PadRight(keyWidth)}  {"value",14}  {"unit",-12}  description");
        output.WriteLine(new string('-', keyWidth + 32 + descriptionWidth));
        foreach (var figure in _figures)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{figure.Key.PadRight(keyWidth)}  {Format(figure.Value),14}  {figure.Unit,-12}  {figure.Description}"));
        }

        output.WriteLine();
    }

    /// <summary>One line, always last: the scenario, the machine, and every figure by key.</summary>
    public void WriteJsonLine(TextWriter output)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("scenario", arguments.Scenario);
            json.WriteString("utc", DateTime.UtcNow.ToString("u", CultureInfo.InvariantCulture));
            json.WriteNumber("seconds", arguments.Duration.TotalSeconds);
            json.WriteNumber("warmupSeconds", arguments.Warmup.TotalSeconds);
            json.WriteNumber("cores", Environment.ProcessorCount);
            json.WriteString("runtime", RuntimeInformation.FrameworkDescription);
            json.WriteString("os", RuntimeInformation.OSDescription);
            json.WriteString("loadAverageBefore", _loadBefore);
            json.WriteString("loadAverageAfter", LoadAverage());
            json.WriteStartObject("figures");
            foreach (var figure in _figures)
            {
                // JSON has no NaN; a figure that could not be measured is null, not a made-up number.
                if (double.IsFinite(figure.Value))
                {
                    json.WriteNumber(figure.Key, Math.Round(figure.Value, 4));
                }
                else
                {
                    json.WriteNull(figure.Key);
                }
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        output.WriteLine(Encoding.UTF8.GetString(buffer.ToArray()));
    }

    /// <summary>The 1, 5 and 15 minute load averages where Linux reports them; empty elsewhere.</summary>
    private static string LoadAverage()
    {
        const string path = "/proc/loadavg";
        if (!File.Exists(path))
        {
            return "";
        }

        var fields = File.ReadAllText(path).Split(' ');
        return fields.Length >= 3 ? string.Join(' ', fields[0], fields[1], fields[2]) : "";
    }

    private static string Format(double value) => value switch
    {
        double.NaN => "n/a",
        >= 1000 or <= -1000 => value.ToString("N0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", CultureInfo.InvariantCulture),
    };
}

internal sealed record Figure(string Key, double Value, string Unit, string Description);
