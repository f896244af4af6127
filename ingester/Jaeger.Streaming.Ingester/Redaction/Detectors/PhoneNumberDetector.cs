using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// Phone numbers in international form: <c>+</c>, a country code, then digit groups split by single spaces, dots,
/// dashes or parentheses, 8–15 digits in all (E.164). National forms without <c>+</c> are not detected.
/// </summary>
internal sealed partial class PhoneNumberDetector() : ValueDetector(DetectorNames.Phone)
{
    private const int MinDigits = 8;
    private const int MaxDigits = 15;

    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) => profile.HasPlus && profile.Digits >= MinDigits;

    public override void Find(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        foreach (var match in Phone().EnumerateMatches(text))
        {
            var digits = CountDigits(text.Slice(match.Index, match.Length));
            if (digits is >= MinDigits and <= MaxDigits)
            {
                found.Add(match.Index, match.Length, source);
            }
        }
    }

    private static int CountDigits(ReadOnlySpan<char> text)
    {
        var count = 0;
        foreach (var c in text)
        {
            if (char.IsAsciiDigit(c))
            {
                count++;
            }
        }

        return count;
    }

    [GeneratedRegex(@"(?<![\w+])\+[1-9]\d{0,3}(?:[ .\-]?(?:\(\d{1,5}\)|\d{1,5})){1,7}(?!\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Phone();
}
