using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// A configured value rule: a user's regular expression over every string value. It has no pre-scan, so each one
/// costs a regex search per value; a match that runs past its time limit redacts the whole value, failing closed.
/// </summary>
internal sealed class PatternDetector(string name, Regex pattern) : ValueDetector(name)
{
    public override bool CanMatchQuietText => true;

    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) => true;

    public override void Find(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        try
        {
            foreach (var match in pattern.EnumerateMatches(text))
            {
                if (match.Length > 0)
                {
                    found.Add(match.Index, match.Length, source);
                }
            }
        }
        catch (RegexMatchTimeoutException)
        {
            found.Add(0, text.Length, source);
        }
    }
}
