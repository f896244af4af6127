using System.Buffers;
using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// Credentials written in text: the token of <c>Bearer …</c> and <c>Basic …</c> (as in an Authorization header),
/// and the value of <c>password=…</c>, <c>secret: …</c>, <c>api_key=…</c>, <c>access_token=…</c> and similar
/// assignments, as in log lines and exception messages. The scheme or name is kept; only the secret is redacted.
/// </summary>
internal sealed partial class CredentialDetector() : ValueDetector(DetectorNames.Credential)
{
    private const int MinTokenLength = 8;

    /// <summary>The shortest of <see cref="SecretNames"/>; past it, the rest of a secret name is letters.</summary>
    private const int MinSecretNameLength = 3;

    private static readonly SearchValues<char> TokenSymbols = SearchValues.Create("._-~+/=");

    /// <summary>Words that every credential this detector finds contains; gathered by <see cref="TextProfile"/>.</summary>
    internal static readonly SearchValues<string> Triggers = SearchValues.Create(
        ["bearer", "basic", "pass", "pwd", "secret", "token", "key"],
        StringComparison.OrdinalIgnoreCase);

    /// <summary>Every secret name <see cref="Assignment"/> knows holds one of these, followed only by letters (<c>pass</c>+<c>word</c>, <c>api_</c>+<c>key</c>).</summary>
    private static readonly SearchValues<string> SecretNames = SearchValues.Create(
        ["pass", "pwd", "secret", "token", "key"],
        StringComparison.OrdinalIgnoreCase);

    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) => profile.HasCredentialWord;

    public override void Find(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        FindSchemeCredentials(text, found, source);
        if (MightHoldAssignment(text))
        {
            FindAssignments(text, found, source);
        }
    }

    private static void FindSchemeCredentials(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        foreach (var match in SchemeCredential().EnumerateMatches(text))
        {
            var schemeLength = text[match.Index..].IndexOfAny(' ', '\t');
            var tokenStart = match.Index + schemeLength;
            while (char.IsWhiteSpace(text[tokenStart]))
            {
                tokenStart++;
            }

            var token = text[tokenStart..(match.Index + match.Length)];
            if (LooksLikeToken(token, basic: char.ToLowerInvariant(text[match.Index]) == 'b' && char.ToLowerInvariant(text[match.Index + 1]) == 'a'))
            {
                found.Add(tokenStart, token.Length, source);
            }
        }
    }

    /// <summary>
    /// Whether a secret name is followed, past the rest of its word, by an optional quote, blanks and <c>=</c> or
    /// <c>:</c>, as <see cref="Assignment"/> needs. Prose and stack traces that merely mention a token are settled
    /// here: the regex, whose leading word loop tries every word, is the costliest search of all.
    /// </summary>
    private static bool MightHoldAssignment(ReadOnlySpan<char> text)
    {
        var from = 0;
        while (true)
        {
            var name = text[from..].IndexOfAny(SecretNames);
            if (name < 0)
            {
                return false;
            }

            var i = from + name + MinSecretNameLength;
            while (i < text.Length && char.IsLetter(text[i]))
            {
                i++;
            }

            if (i < text.Length && text[i] is '"' or '\'')
            {
                i++;
            }

            while (i < text.Length && text[i] is ' ' or '\t')
            {
                i++;
            }

            if (i < text.Length && text[i] is '=' or ':')
            {
                return true;
            }

            from += name + 1;
        }
    }

    private static void FindAssignments(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        foreach (var match in Assignment().EnumerateMatches(text))
        {
            var value = text.Slice(match.Index, match.Length);
            var valueStart = value.IndexOfAny('=', ':') + 1;
            while (valueStart < value.Length && value[valueStart] is ' ' or '"' or '\'')
            {
                valueStart++;
            }

            if (valueStart < value.Length && !IsPlaceholder(value[valueStart..]))
            {
                found.Add(match.Index + valueStart, match.Length - valueStart, source);
            }
        }
    }

    /// <summary>
    /// Not a secret but a stand-in: a bind parameter (<c>?</c>, <c>$1</c>, <c>:pw</c>, <c>@pw</c>, <c>%s</c>), a template
    /// (<c>{pw}</c>, <c>&lt;pw&gt;</c>), asterisks, or a marker left by an earlier scrubber (<c>[REDACTED:url]</c>).
    /// </summary>
    private static bool IsPlaceholder(ReadOnlySpan<char> value) =>
        value is "?" || value[0] is '[' or '{' or '<' or '$' or '%' or ':' or '@' || !value.ContainsAnyExcept('*');

    /// <summary>Keeps prose such as "Basic authentication failed" or "bearer tokens expire": a token has a digit or symbol, or is long.</summary>
    private static bool LooksLikeToken(ReadOnlySpan<char> token, bool basic)
    {
        if (token.Length < MinTokenLength)
        {
            return false;
        }

        if (basic)
        {
            return token.ContainsAnyInRange('0', '9') || token.ContainsAny('+', '/', '=') || token.Length >= 16;
        }

        return token.Length >= 24 || token.ContainsAnyInRange('0', '9') || token.ContainsAny(TokenSymbols);
    }

    [GeneratedRegex(@"\b(?:bearer|basic)[ \t]+[A-Za-z0-9._~+/\-]+=*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SchemeCredential();

    [GeneratedRegex(
        @"\b(?:[A-Za-z0-9]+[_\-])*(?:password|passwd|pwd|passphrase|secret|token|api[_\-]?key|private[_\-]?key)[""']?[ \t]*[=:][ \t]*[""']?[^\s""'&,;]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Assignment();
}
