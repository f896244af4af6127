using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>A detector whose pattern needs no further check: every match of <see cref="Pattern"/> is redacted.</summary>
internal abstract class RegexDetector(string name) : ValueDetector(name)
{
    protected abstract Regex Pattern { get; }

    public override void Find(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        foreach (var match in Pattern.EnumerateMatches(text))
        {
            found.Add(match.Index, match.Length, source);
        }
    }
}
