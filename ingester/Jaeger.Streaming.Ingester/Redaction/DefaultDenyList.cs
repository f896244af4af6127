namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// The built-in deny-list. It matches whole words of a key, split at <c>. _ -</c> and camelCase, so
/// <c>db.password</c>, <c>x-api-key</c> and <c>clientSecret</c> match while <c>gen_ai.usage.input_tokens</c> and
/// <c>keyboard</c> do not. A sensitive word followed by a word of measure (<c>token_count</c>, <c>session.duration</c>)
/// names metadata about the secret, not the secret, and is kept. A key with characters beyond ASCII is also matched in
/// its <see cref="KeyFolding">folded</see> form, so <c>pаssword</c> with a Cyrillic <c>а</c>, full-width letters or a
/// zero-width space inside a word do not slip past.
/// </summary>
internal static class DefaultDenyList
{
    private const string RequestHeaderPrefix = "http.request.header.";
    private const string ResponseHeaderPrefix = "http.response.header.";

    /// <summary>Shown in docs and logs; the matching itself is in <see cref="IsSensitiveWord"/>.</summary>
    public static readonly string[] Words =
    [
        "password", "passwd", "passphrase", "secret", "token", "api_key", "apikey", "authorization", "cookie",
        "set-cookie", "session", "sessionid", "jsessionid", "phpsessid", "credential", "private_key",
    ];

    /// <summary>Whether a key is on the deny-list; <paramref name="marker"/> is <c>header</c> for HTTP header attributes, else <c>key</c>.</summary>
    public static bool Matches(string key, out string marker)
    {
        marker = key.StartsWith(RequestHeaderPrefix, StringComparison.OrdinalIgnoreCase) || key.StartsWith(ResponseHeaderPrefix, StringComparison.OrdinalIgnoreCase)
            ? Detectors.DetectorNames.Header
            : Detectors.DetectorNames.Key;
        return HasSensitiveWord(key, queryParameter: false) || (KeyFolding.Fold(key) is { } folded && HasSensitiveWord(folded, queryParameter: false));
    }

    /// <summary>Whether a URL query parameter name is sensitive: the deny-list plus short names common in URLs (<c>sig</c>, <c>key</c>, <c>pwd</c>, <c>auth</c>…).</summary>
    public static bool IsSensitiveParameter(ReadOnlySpan<char> name) => HasSensitiveWord(name, queryParameter: true);

    private static bool HasSensitiveWord(ReadOnlySpan<char> key, bool queryParameter)
    {
        var words = new WordReader(key);
        ReadOnlySpan<char> previous = default;
        var pendingMatch = false;
        while (words.TryRead(out var word))
        {
            if (pendingMatch)
            {
                if (!IsMeasure(word))
                {
                    return true;
                }

                pendingMatch = false;
            }

            pendingMatch = IsSensitiveWord(word) || IsSensitivePair(previous, word) || (queryParameter && IsSensitiveParameterWord(word));
            previous = word;
        }

        return pendingMatch;
    }

    private static bool IsSensitiveWord(ReadOnlySpan<char> word) =>
        Is(word, "password") || Is(word, "passwords") || Is(word, "passwd") || Is(word, "passphrase")
        || Is(word, "secret") || Is(word, "secrets") || Is(word, "token") || Is(word, "apikey")
        || Is(word, "authorization") || Is(word, "cookie") || Is(word, "cookies") || Is(word, "session")
        || Is(word, "sessionid") || Is(word, "jsessionid") || Is(word, "phpsessid") || Is(word, "credential")
        || Is(word, "credentials") || Is(word, "privatekey");

    private static bool IsSensitivePair(ReadOnlySpan<char> previous, ReadOnlySpan<char> word) =>
        Is(word, "key") && (Is(previous, "api") || Is(previous, "private"));

    private static bool IsSensitiveParameterWord(ReadOnlySpan<char> word) =>
        Is(word, "key") || Is(word, "pwd") || Is(word, "pass") || Is(word, "auth") || Is(word, "sig") || Is(word, "signature");

    private static bool IsMeasure(ReadOnlySpan<char> word) =>
        Is(word, "count") || Is(word, "counts") || Is(word, "limit") || Is(word, "type") || Is(word, "usage")
        || Is(word, "length") || Is(word, "size") || Is(word, "duration") || Is(word, "timeout") || Is(word, "ttl")
        || Is(word, "expiry") || Is(word, "expires") || Is(word, "expiration") || Is(word, "enabled") || Is(word, "required")
        || Is(word, "present") || Is(word, "valid");

    private static bool Is(ReadOnlySpan<char> word, string candidate) => word.Equals(candidate, StringComparison.OrdinalIgnoreCase);

    /// <summary>Splits a key into words at non-alphanumerics and at lower-to-upper case changes.</summary>
    private ref struct WordReader(ReadOnlySpan<char> text)
    {
        private readonly ReadOnlySpan<char> _text = text;
        private int _position;

        public bool TryRead(out ReadOnlySpan<char> word)
        {
            while (_position < _text.Length && !char.IsLetterOrDigit(_text[_position]))
            {
                _position++;
            }

            var start = _position;
            while (_position < _text.Length && char.IsLetterOrDigit(_text[_position]))
            {
                _position++;
                if (_position < _text.Length && char.IsUpper(_text[_position]) && char.IsLower(_text[_position - 1]))
                {
                    break;
                }
            }

            word = _text[start.._position];
            return !word.IsEmpty;
        }
    }
}
