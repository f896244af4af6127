using System.Text;
using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>A case-insensitive key matcher: exact, glob (<c>*</c>, <c>?</c>) or regex.</summary>
internal sealed class KeyPattern
{
    /// <summary>A key rule's regex that runs away is treated as a match: redaction fails closed.</summary>
    internal static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(100);

    private readonly string? _exact;
    private readonly Regex? _regex;

    private KeyPattern(string? exact, Regex? regex)
    {
        _exact = exact;
        _regex = regex;
    }

    public bool Matches(string key)
    {
        if (_exact is not null)
        {
            return key.Equals(_exact, StringComparison.OrdinalIgnoreCase);
        }

        try
        {
            return _regex!.IsMatch(key);
        }
        catch (RegexMatchTimeoutException)
        {
            return true;
        }
    }

    /// <summary>Builds a pattern; <paramref name="match"/> is exact, glob or regex, and null means glob when the text has wildcards.</summary>
    /// <exception cref="ArgumentException">The match kind is unknown or the regex does not parse.</exception>
    public static KeyPattern Create(string pattern, string? match)
    {
        var kind = match?.Trim().ToLowerInvariant() ?? (pattern.AsSpan().IndexOfAny('*', '?') >= 0 ? "glob" : "exact");
        return kind switch
        {
            "exact" => new KeyPattern(pattern, null),
            "glob" => new KeyPattern(null, Compile(GlobToRegex(pattern))),
            "regex" => new KeyPattern(null, Compile(pattern)),
            _ => throw new ArgumentException($"'{match}' is not a match kind; use exact, glob or regex"),
        };
    }

    private static Regex Compile(string pattern) =>
        new(pattern, RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled, RegexTimeout);

    private static string GlobToRegex(string glob)
    {
        var regex = new StringBuilder("^");
        foreach (var c in glob)
        {
            regex.Append(c switch
            {
                '*' => ".*",
                '?' => ".",
                _ => Regex.Escape(c.ToString()),
            });
        }

        return regex.Append('$').ToString();
    }
}
