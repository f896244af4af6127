using System.Collections.Frozen;
using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// IBANs: an upper-case country code with that country's IBAN length, two check digits, and a valid ISO 7064
/// mod-97 checksum; plain or grouped by single spaces in fours. Lower-case lookalikes such as hex ids are not IBANs.
/// </summary>
internal sealed partial class IbanDetector() : ValueDetector(DetectorNames.Iban)
{
    private const int MinLength = 15;

    private static readonly FrozenDictionary<string, int> LengthByCountry = new Dictionary<string, int>
    {
        ["AD"] = 24, ["AE"] = 23, ["AL"] = 28, ["AT"] = 20, ["AZ"] = 28, ["BA"] = 20, ["BE"] = 16, ["BG"] = 22,
        ["BH"] = 22, ["BR"] = 29, ["BY"] = 28, ["CH"] = 21, ["CR"] = 22, ["CY"] = 28, ["CZ"] = 24, ["DE"] = 22,
        ["DK"] = 18, ["DO"] = 28, ["EE"] = 20, ["EG"] = 29, ["ES"] = 24, ["FI"] = 18, ["FO"] = 18, ["FR"] = 27,
        ["GB"] = 22, ["GE"] = 22, ["GI"] = 23, ["GL"] = 18, ["GR"] = 27, ["GT"] = 28, ["HR"] = 21, ["HU"] = 28,
        ["IE"] = 22, ["IL"] = 23, ["IQ"] = 23, ["IS"] = 26, ["IT"] = 27, ["JO"] = 30, ["KW"] = 30, ["KZ"] = 20,
        ["LB"] = 28, ["LC"] = 32, ["LI"] = 21, ["LT"] = 20, ["LU"] = 20, ["LV"] = 21, ["MC"] = 27, ["MD"] = 24,
        ["ME"] = 22, ["MK"] = 19, ["MR"] = 27, ["MT"] = 31, ["MU"] = 30, ["NL"] = 18, ["NO"] = 15, ["PK"] = 24,
        ["PL"] = 28, ["PS"] = 29, ["PT"] = 25, ["QA"] = 29, ["RO"] = 24, ["RS"] = 22, ["SA"] = 24, ["SC"] = 31,
        ["SE"] = 24, ["SI"] = 19, ["SK"] = 24, ["SM"] = 27, ["ST"] = 25, ["SV"] = 28, ["TL"] = 23, ["TN"] = 24,
        ["TR"] = 26, ["UA"] = 29, ["VA"] = 22, ["VG"] = 24, ["XK"] = 20,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> LengthLookup =
        LengthByCountry.GetAlternateLookup<ReadOnlySpan<char>>();

    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) => profile.HasIbanStart && text.Length >= MinLength;

    public override void Find(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        Span<char> compact = stackalloc char[34];
        foreach (var match in CountryAndCheckDigits().EnumerateMatches(text))
        {
            if (!LengthLookup.TryGetValue(text.Slice(match.Index, 2), out var expected))
            {
                continue;
            }

            // Take exactly the country's length, so a word right after the IBAN does not spoil the checksum.
            var position = match.Index;
            var length = 0;
            while (position < text.Length && length < expected)
            {
                var c = text[position];
                if (IsIbanChar(c))
                {
                    compact[length++] = c;
                }
                else if (c != ' ' || position + 1 >= text.Length || !IsIbanChar(text[position + 1]))
                {
                    break;
                }

                position++;
            }

            if (length == expected && (position == text.Length || !char.IsAsciiLetterOrDigit(text[position])) && IsIban(compact[..length]))
            {
                found.Add(match.Index, position - match.Index, source);
            }
        }
    }

    private static bool IsIbanChar(char c) => char.IsAsciiDigit(c) || char.IsAsciiLetterUpper(c);

    internal static bool IsIban(ReadOnlySpan<char> iban)
    {
        if (iban.Length < MinLength || !LengthLookup.TryGetValue(iban[..2], out var expected) || iban.Length != expected)
        {
            return false;
        }

        // Move the first four characters to the end, read letters as 10..35, and check the remainder mod 97.
        var remainder = 0;
        for (var i = 0; i < iban.Length; i++)
        {
            var c = iban[(i + 4) % iban.Length];
            if (char.IsAsciiDigit(c))
            {
                remainder = ((remainder * 10) + (c - '0')) % 97;
            }
            else if (char.IsAsciiLetterUpper(c))
            {
                remainder = ((remainder * 100) + (c - 'A' + 10)) % 97;
            }
            else
            {
                return false;
            }
        }

        return remainder == 1;
    }

    [GeneratedRegex(@"(?<![A-Za-z0-9])[A-Z]{2}[0-9]{2}", RegexOptions.CultureInvariant)]
    private static partial Regex CountryAndCheckDigits();
}
