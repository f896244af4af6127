using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// US social security numbers in their written form <c>AAA-GG-SSSS</c>, excluding numbers never issued
/// (area 000, 666 or 9xx; group 00; serial 0000). Nine undashed digits are too ambiguous to treat as an SSN.
/// </summary>
internal sealed partial class SsnDetector() : ValueDetector(DetectorNames.Ssn)
{
    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) => profile.HasSsnShape;

    public override void Find(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        foreach (var match in Ssn().EnumerateMatches(text))
        {
            var ssn = text.Slice(match.Index, match.Length);
            if (IsIssuable(ssn))
            {
                found.Add(match.Index, match.Length, source);
            }
        }
    }

    private static bool IsIssuable(ReadOnlySpan<char> ssn)
    {
        var area = ssn[..3];
        return area is not "000" and not "666" && area[0] != '9' && ssn.Slice(4, 2) is not "00" && ssn.Slice(7, 4) is not "0000";
    }

    [GeneratedRegex(@"(?<![\w.\-])\d{3}-\d{2}-\d{4}(?![\w\-]|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Ssn();
}
