using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// Payment card numbers: 13–19 digits, plain or grouped by single spaces or dashes, with a known issuer prefix and a
/// valid Luhn check digit. Ordinary long numbers (timestamps, ids) fail the prefix or the check, and digit runs glued
/// to letters, dots or dashes (UUIDs, hex ids, decimals, order ids) are not considered.
/// </summary>
internal sealed partial class PaymentCardDetector() : ValueDetector(DetectorNames.Card)
{
    private const int MinDigits = 13;
    private const int MaxDigits = 19;

    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) => profile.LongestDigitRun >= MinDigits;

    public override void Find(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        foreach (var run in DigitRun().EnumerateMatches(text))
        {
            FindInRun(text.Slice(run.Index, run.Length), run.Index, found, source);
        }
    }

    /// <summary>A run is groups of digits split by single separators; a card is any consecutive groups that validate.</summary>
    private static void FindInRun(ReadOnlySpan<char> run, int offset, DetectedRanges found, int source)
    {
        Span<Range> groups = stackalloc Range[32];
        var count = 0;
        var groupStart = 0;
        for (var i = 0; i <= run.Length; i++)
        {
            if (i == run.Length || !char.IsAsciiDigit(run[i]))
            {
                if (count == groups.Length)
                {
                    return;
                }

                groups[count++] = new Range(groupStart, i);
                groupStart = i + 1;
            }
        }

        if (IsUuidShape(run, groups[..count]))
        {
            return;
        }

        Span<char> digits = stackalloc char[MaxDigits];
        var first = 0;
        while (first < count)
        {
            var matchedLast = -1;
            var length = 0;
            for (var last = first; last < count; last++)
            {
                var group = run[groups[last]];
                if (length + group.Length > MaxDigits)
                {
                    break;
                }

                group.CopyTo(digits[length..]);
                length += group.Length;
                if (length >= MinDigits && IsCardNumber(digits[..length]))
                {
                    matchedLast = last;
                }
            }

            if (matchedLast < 0)
            {
                first++;
                continue;
            }

            var start = groups[first].Start.Value;
            found.Add(offset + start, groups[matchedLast].End.Value - start, source);
            first = matchedLast + 1;
        }
    }

    private static bool IsUuidShape(ReadOnlySpan<char> run, ReadOnlySpan<Range> groups) =>
        groups.Length == 5 && run.Length == 36 && run.Count('-') == 4
        && run[groups[0]].Length == 8 && run[groups[1]].Length == 4 && run[groups[4]].Length == 12;

    internal static bool IsCardNumber(ReadOnlySpan<char> digits) => HasIssuerPrefix(digits) && PassesLuhn(digits);

    /// <summary>Issuer ranges of the major networks; lengths as each network issues them.</summary>
    private static bool HasIssuerPrefix(ReadOnlySpan<char> d)
    {
        var length = d.Length;
        var two = ((d[0] - '0') * 10) + (d[1] - '0');
        var four = (two * 100) + ((d[2] - '0') * 10) + (d[3] - '0');
        return d[0] switch
        {
            '4' => length is 13 or 16 or 19, // Visa
            '5' => two is >= 51 and <= 55 ? length == 16 : length >= 13, // Mastercard; Maestro (50, 56-59)
            '2' => four is >= 2221 and <= 2720 && length == 16, // Mastercard 2-series
            '3' => two switch
            {
                34 or 37 => length == 15, // Amex
                35 => length >= 16, // JCB
                30 or 36 or 38 or 39 => length is >= 14 and <= 16, // Diners
                _ => false,
            },
            '6' => length >= 13, // Discover, UnionPay, Maestro, RuPay
            _ => false,
        };
    }

    internal static bool PassesLuhn(ReadOnlySpan<char> digits)
    {
        var sum = 0;
        var doubled = false;
        for (var i = digits.Length - 1; i >= 0; i--)
        {
            var value = digits[i] - '0';
            if (doubled)
            {
                value *= 2;
                if (value > 9)
                {
                    value -= 9;
                }
            }

            sum += value;
            doubled = !doubled;
        }

        return sum % 10 == 0;
    }

    /// <summary>Digits split by single spaces or dashes, not glued to a word, a dot or a dash on either side.</summary>
    [GeneratedRegex(@"(?<![\w.\-])\d+(?:[ \-]\d+)*(?!\w|[.\-]\d)", RegexOptions.CultureInvariant)]
    private static partial Regex DigitRun();
}
