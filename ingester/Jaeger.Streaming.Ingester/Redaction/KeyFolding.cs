using System.Globalization;
using System.Text;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// A key as it reads rather than as it is encoded, for the deny-list: full-width forms, the Kelvin sign and the
/// mathematical letter styles (bold, italic, script, monospace…) read as their ASCII letters, the Cyrillic and Greek
/// letters drawn like Latin ones read as those, and invisible format characters (zero-width spaces and joiners, soft
/// hyphens) are dropped. By hand rather than through Unicode normalization, which the services' invariant
/// globalization does not perform. Keys are classified once and cached, so this runs once per distinct key, and only
/// for keys with a character beyond ASCII.
/// </summary>
internal static class KeyFolding
{
    // Full-width forms of ASCII '!' to '~' sit at this distance above them.
    private const int FullWidthOffset = 0xFEE0;

    // Mathematical Alphanumeric Symbols: thirteen styles of A–Z then a–z, 52 code points each.
    private const int MathLettersStart = 0x1D400;
    private const int MathLettersEnd = 0x1D6A3;

    private static readonly Dictionary<char, char> Lookalikes = new()
    {
        ['а'] = 'a', ['в'] = 'b', ['с'] = 'c', ['ԁ'] = 'd', ['е'] = 'e', ['һ'] = 'h', ['і'] = 'i', ['ј'] = 'j', ['к'] = 'k',
        ['ӏ'] = 'l', ['м'] = 'm', ['о'] = 'o', ['р'] = 'p', ['ԛ'] = 'q', ['ѕ'] = 's', ['т'] = 't', ['ԝ'] = 'w', ['х'] = 'x',
        ['у'] = 'y', ['А'] = 'A', ['В'] = 'B', ['С'] = 'C', ['Е'] = 'E', ['Н'] = 'H', ['І'] = 'I', ['Ј'] = 'J', ['К'] = 'K',
        ['М'] = 'M', ['О'] = 'O', ['Р'] = 'P', ['Ѕ'] = 'S', ['Т'] = 'T', ['Х'] = 'X', ['Ү'] = 'Y',
        ['α'] = 'a', ['ε'] = 'e', ['ι'] = 'i', ['κ'] = 'k', ['ν'] = 'v', ['ο'] = 'o', ['ρ'] = 'p', ['τ'] = 't', ['υ'] = 'u',
        ['χ'] = 'x', ['Α'] = 'A', ['Β'] = 'B', ['Ε'] = 'E', ['Η'] = 'H', ['Ι'] = 'I', ['Κ'] = 'K', ['Μ'] = 'M', ['Ν'] = 'N',
        ['Ο'] = 'O', ['Ρ'] = 'P', ['Τ'] = 'T', ['Χ'] = 'X', ['Υ'] = 'Y', ['Ζ'] = 'Z', ['\u212A'] = 'K',
    };

    /// <summary>The folded key, or null when it is all ASCII (nothing to fold) or folds to itself.</summary>
    public static string? Fold(string key)
    {
        if (Ascii.IsValid(key))
        {
            return null;
        }

        var folded = new StringBuilder(key.Length);
        var changed = false;
        foreach (var rune in key.EnumerateRunes())
        {
            var value = rune.Value;
            if (value is >= 0xFF01 and <= 0xFF5E)
            {
                folded.Append((char)(value - FullWidthOffset));
            }
            else if (value is >= MathLettersStart and <= MathLettersEnd)
            {
                var letter = (value - MathLettersStart) % 52;
                folded.Append(letter < 26 ? (char)('A' + letter) : (char)('a' + letter - 26));
            }
            else if (value <= char.MaxValue && Lookalikes.TryGetValue((char)value, out var latin))
            {
                folded.Append(latin);
            }
            else if (Rune.GetUnicodeCategory(rune) == UnicodeCategory.Format)
            {
                // Dropped: it draws nothing.
            }
            else
            {
                folded.Append(rune.ToString());
                continue;
            }

            changed = true;
        }

        return changed ? folded.ToString() : null;
    }
}
