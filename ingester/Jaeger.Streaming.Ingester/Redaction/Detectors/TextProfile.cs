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

    /// <summary>The shortest prefix-shaped secret (an AWS key id is 20 characters, a Slack token at least 15).</summary>
    private const int MinSecretTokenLength = 15;

    /// <summary>The shortest text a credential detector match can be (<c>pwd=x</c>).</summary>
    private const int MinCredentialLength = 5;

    /// <summary>An SSN, the shortest digit-shaped secret, has nine digits.</summary>
    private const int MinSecretDigitRun = 9;

    private TextProfile(int digits, int longestDigitRun, bool hasIbanStart, bool hasAt, bool hasPlus, bool hasSecretPrefix, bool hasCredentialWord)
    {
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

    /// <summary>Most digits in one run of digits split by single spaces or dashes: a card needs 13, an SSN 9.</summary>
    public int LongestDigitRun { get; }

    /// <summary>Two upper-case letters followed by two digits somewhere, as an IBAN starts.</summary>
    public bool HasIbanStart { get; }

    public bool HasAt { get; }

    public bool HasPlus { get; }

    /// <summary>One of <see cref="SecretPrefixes"/> occurs.</summary>
    public bool HasSecretPrefix { get; }

    /// <summary>One of <see cref="CredentialDetector.Triggers"/> occurs.</summary>
    public bool HasCredentialWord { get; }

    /// <summary>Nothing here can start a built-in detector's match: the common case, settled without asking any detector.</summary>
    public bool IsQuiet => !HasAt && !HasPlus && !HasSecretPrefix && !HasCredentialWord && !HasIbanStart && LongestDigitRun < MinSecretDigitRun;

    public static TextProfile Of(ReadOnlySpan<char> text)
    {
        // Most values hold neither sign, so one search usually settles both.
        var atOrPlus = text.IndexOfAny('@', '+');
        var hasAt = atOrPlus >= 0 && text[atOrPlus..].Contains('@');
        var hasPlus = atOrPlus >= 0 && text[atOrPlus..].Contains('+');
        var hasSecretPrefix = text.Length >= MinSecretTokenLength && text.IndexOfAny(SecretPrefixes) >= 0;
        var hasCredentialWord = text.Length >= MinCredentialLength && text.IndexOfAny(CredentialDetector.Triggers) >= 0;
        var first = text.IndexOfAnyInRange('0', '9');
        if (first < 0)
        {
            return new TextProfile(0, 0, false, hasAt, hasPlus, hasSecretPrefix, hasCredentialWord);
        }

        var digits = 0;
        var run = 0;
        var longest = 0;
        var ibanStart = false;
        for (var i = first; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsAsciiDigit(c))
            {
                digits++;
                run++;
                ibanStart |= i >= 2 && i + 1 < text.Length && char.IsAsciiLetterUpper(text[i - 2]) && char.IsAsciiLetterUpper(text[i - 1]) && char.IsAsciiDigit(text[i + 1]);
            }
            else if (!(c is ' ' or '-' && run > 0 && char.IsAsciiDigit(text[i - 1]) && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])))
            {
                longest = Math.Max(longest, run);
                run = 0;
            }
        }

        return new TextProfile(digits, Math.Max(longest, run), ibanStart, hasAt, hasPlus, hasSecretPrefix, hasCredentialWord);
    }
}
