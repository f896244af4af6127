using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Operations.Tests;

/// <summary>A row of a markdown table in a docs page, split into cells by its header.</summary>
internal sealed record DocRow(string Page, int Line, IReadOnlyDictionary<string, string> Cells)
{
    public string this[string column] => Cells.GetValueOrDefault(column, "");
}

/// <summary>Reads the tables of the docs pages and the tests they cite in their "Proved by" column.</summary>
internal static partial class DocCitations
{
    public const string ProvedBy = "Proved by";

    public static IEnumerable<DocRow> Rows(string page, string markdown)
    {
        string[]? header = null;
        var lines = markdown.Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (!line.StartsWith('|'))
            {
                header = null;
                continue;
            }

            var cells = line.Trim('|').Split('|').Select(c => c.Trim()).ToArray();
            if (header is null)
            {
                header = cells;
            }
            else if (!cells.All(c => c.Length > 0 && c.All(ch => ch is '-' or ':')))
            {
                yield return new DocRow(page, i + 1, header.Zip(cells).ToDictionary(p => p.First, p => p.Second, StringComparer.OrdinalIgnoreCase));
            }
        }
    }

    /// <summary>The backticked <c>Class.Method</c> names in a cell.</summary>
    public static IEnumerable<string> Citations(string cell) =>
        Citation().Matches(cell).Select(m => m.Groups["name"].Value);

    [GeneratedRegex(@"`(?<name>[A-Z]\w*\.(?:\w+|\*))`")]
    private static partial Regex Citation();
}
