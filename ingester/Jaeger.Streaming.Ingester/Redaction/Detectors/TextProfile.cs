using System.Buffers;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// Facts about a value gathered once and shared by every detector's pre-scan, so that most values are dismissed by
/// a few vectorized searches. Values without digits skip the digit pass entirely.
/// </summary>
internal readonly struct TextProfile
{
    /// <summary>Prefixes of the prefix-shaped secrets (JWT, access keys, PEM blocks): one search dismisses all three detectors.</summary>
    internal static readonly SearchValues<string> SecretPrefixes =
        SearchValues.Create([JwtDetector.HeaderStart, PrivateKeyDetector.BlockStart, .. AccessKeyDetector.KeyPrefixes], StringComparison.Ordinal);

    /// <summary>
    /// Every prefix-shaped secret holds one of these or starts with <c>A</c> and an upper-case letter (AWS, Google):
    /// <c>J</c> (<c>eyJ</c>), <c>-</c> (PEM, GitLab, and Slack's <c>xox?-</c>), <c>_</c> (GitHub, Stripe, npm).
    /// </summary>
    private static readonly SearchValues<char> SecretPrefixMarks = SearchValues.Create("J-_");

    /// <summary>A credential follows its scheme after a blank, or its name after <c>=</c> or <c>:</c>.</summary>
    private static readonly SearchValues<char> CredentialSeparators = SearchValues.Create(" \t=:");

    /// <summary>The shortest prefix-shaped secret (an AWS key id is 20 characters, a Slack token at least 15).</summary>
    private const int MinSecretTokenLength = 15;

    /// <summary>The shortest text a credential detector match can be (<c>pwd=x</c>).</summary>
    private const int MinCredentialLength = 5;

    /// <summary>How far past a run of digits the next one is looked for one character at a time.</summary>
    private const int NearbyDigitDistance = 16;

    /// <summary>A card, the only digit-shaped secret besides the SSN, has at least 13 digits.</summary>
    private const int MinCardDigits = 13;

    private TextProfile(int digits, int longestDigitRun, bool hasSsnShape, bool hasIbanStart, bool hasAt, bool hasPlus, bool hasSecretPrefix, bool hasCredentialWord)
    {
        HasSsnShape = hasSsnShape;
        HasCredentialWord = hasCredentialWord;
        Digits = digits;
        LongestDigitRun = longestDigitRun;
        HasIbanStart = hasIbanStart;
        HasAt = hasAt;
        HasPlus = hasPlus;
        HasSecretPrefix = hasSecretPrefix;
    }

    /// <summary>Number of ASCII digits.</summary>
    public int Digits { get; }

    /// <summary>
    /// Most digits in one run of digits split by single spaces or dashes: a card needs 13. A run glued to a letter,
    /// <c>_</c> or <c>.</c> (<c>a456-4266…</c> in a UUID, <c>0.41…</c>) counts from its second group, as a card cannot start there.
    /// </summary>
    public int LongestDigitRun { get; }

    /// <summary>Groups of three, two and four digits joined by dashes, as an SSN is written.</summary>
    public bool HasSsnShape { get; }

    /// <summary>Two upper-case letters followed by two digits somewhere, as an IBAN starts.</summary>
    public bool HasIbanStart { get; }

    public bool HasAt { get; }

    public bool HasPlus { get; }

    /// <summary>One of <see cref="SecretPrefixes"/> occurs; looked for only where the marks of one (<see cref="SecretPrefixMarks"/>) are.</summary>
    public bool HasSecretPrefix { get; }

    /// <summary>One of <see cref="CredentialDetector.Triggers"/> occurs, and so does one of <see cref="CredentialSeparators"/>.</summary>
    public bool HasCredentialWord { get; }

    /// <summary>Nothing here can start a built-in detector's match: the common case, settled without asking any detector.</summary>
    public bool IsQuiet => !HasAt && !HasPlus && !HasSecretPrefix && !HasCredentialWord && !HasIbanStart && !HasSsnShape && LongestDigitRun < MinCardDigits;

    public static TextProfile Of(ReadOnlySpan<char> text)
    {
        // Most values hold neither sign, so one search usually settles both.
        var atOrPlus = text.IndexOfAny('@', '+');
        var hasAt = atOrPlus >= 0 && text[atOrPlus..].Contains('@');
        var hasPlus = atOrPlus >= 0 && text[atOrPlus..].Contains('+');

        // The string searches are slow on short values, so a search for a character each needs settles most first.
        var hasSecretPrefix = text.Length >= MinSecretTokenLength && HasSecretPrefixMark(text) && text.IndexOfAny(SecretPrefixes) >= 0;
        var hasCredentialWord = text.Length >= MinCredentialLength && text.ContainsAny(CredentialSeparators) && text.IndexOfAny(CredentialDetector.Triggers) >= 0;
        var i = text.IndexOfAnyInRange('0', '9');
        if (i < 0)
        {
            return new TextProfile(0, 0, false, false, hasAt, hasPlus, hasSecretPrefix, hasCredentialWord);
        }

        var digits = 0;
        var run = 0;
        var longest = 0;
        var ibanStart = false;
        var ssnShape = false;

        // How much of an SSN the dashed groups so far make: 1 after ddd-, 2 after ddd-dd-.
        var ssnPart = 0;
        while (true)
        {
            // i starts a group of digits, after a letter, a separator or nothing.
            ibanStart |= i >= 2 && char.IsAsciiLetterUpper(text[i - 2]) && char.IsAsciiLetterUpper(text[i - 1]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1]);
            var end = i + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            var group = end - i;
            digits += group;
            if (i == 0 || !(char.IsAsciiLetter(text[i - 1]) || text[i - 1] is '_' or '.'))
            {
                run += group;
            }

            ssnShape |= ssnPart == 2 && group == 4;
            var dashed = end + 1 < text.Length && text[end] == '-' && char.IsAsciiDigit(text[end + 1]);
            ssnPart = !dashed ? 0 : group == 3 ? 1 : ssnPart == 1 && group == 2 ? 2 : 0;
            if (dashed || (end + 1 < text.Length && text[end] == ' ' && char.IsAsciiDigit(text[end + 1])))
            {
                i = end + 1;
                continue;
            }

            longest = Math.Max(longest, run);
            run = 0;
            i = NextDigit(text, end + 1);
            if (i < 0)
            {
                return new TextProfile(digits, longest, ssnShape, ibanStart, hasAt, hasPlus, hasSecretPrefix, hasCredentialWord);
            }
        }
    }

    private static bool HasSecretPrefixMark(ReadOnlySpan<char> text)
    {
        if (text.ContainsAny(SecretPrefixMarks))
        {
            return true;
        }

        // 'A' is common in code and prose ("Async", "AppleWebKit"), but rarely followed by an upper-case letter.
        var a = text.IndexOf('A');
        while (a >= 0 && a + 1 < text.Length)
        {
            if (char.IsAsciiLetterUpper(text[a + 1]))
            {
                return true;
            }

            var next = text[(a + 1)..].IndexOf('A');
            a = next < 0 ? -1 : a + 1 + next;
        }

        return false;
    }

    /// <summary>Digits come in clusters (versions, ids), so the next one is looked for nearby before a vectorized search of the rest.</summary>
    private static int NextDigit(ReadOnlySpan<char> text, int from)
    {
        var nearby = Math.Min(text.Length, from + NearbyDigitDistance);
        for (var i = from; i < nearby; i++)
        {
            if (char.IsAsciiDigit(text[i]))
            {
                return i;
            }
        }

        var far = nearby < text.Length ? text[nearby..].IndexOfAnyInRange('0', '9') : -1;
        return far < 0 ? -1 : nearby + far;
    }
}
