using System.Text;
using Jaeger.Streaming.Ingester.Redaction.Detectors;

namespace Jaeger.Streaming.Ingester.Redaction.Scrubbers;

/// <summary>
/// Masks the values of sensitive query and fragment parameters (<c>?access_token=…</c>, <c>#id_token=…</c>,
/// <c>&amp;X-Amz-Signature=…</c>) and the password of URL user-info (<c>https://user:pass@host</c>), keeping the
/// path, the parameter names and the other parameters. Parameter names are matched as the deny-list matches keys.
/// </summary>
internal static class UrlQueryScrubber
{
    private static readonly string Marker = RedactionMarkers.Mask(DetectorNames.Url);

    /// <summary>Returns <paramref name="url"/> itself when nothing is sensitive, so unchanged values cost no allocation.</summary>
    /// <param name="queryOnly">The value is a bare query (<c>url.query</c>), without path or <c>?</c>.</param>
    public static string Scrub(string url, bool queryOnly, out int redactions)
    {
        redactions = CountOrBuild(url, queryOnly, builder: null);
        if (redactions == 0)
        {
            return url;
        }

        var builder = new StringBuilder(url.Length);
        CountOrBuild(url, queryOnly, builder);
        return builder.ToString();
    }

    /// <summary>One walk serves both to count (no builder) and to rewrite, so the two cannot disagree.</summary>
    private static int CountOrBuild(string url, bool queryOnly, StringBuilder? builder)
    {
        var text = url.AsSpan();
        var count = 0;
        var position = 0;
        if (!queryOnly)
        {
            position = UserInfoPasswordStart(text, out var passwordEnd);
            if (position >= 0)
            {
                builder?.Append(text[..position]).Append(Marker);
                count++;
                position = passwordEnd;
            }
            else
            {
                position = 0;
            }

            var query = text[position..].IndexOfAny('?', '#');
            if (query < 0)
            {
                builder?.Append(text[position..]);
                return count;
            }

            builder?.Append(text.Slice(position, query + 1));
            position += query + 1;
        }

        while (position < text.Length)
        {
            var end = text[position..].IndexOfAny('&', ';', '#');
            var parameter = end < 0 ? text[position..] : text.Slice(position, end);
            var equals = parameter.IndexOf('=');
            if (equals > 0 && equals < parameter.Length - 1 && DefaultDenyList.IsSensitiveParameter(parameter[..equals]))
            {
                builder?.Append(parameter[..(equals + 1)]).Append(Marker);
                count++;
            }
            else
            {
                builder?.Append(parameter);
            }

            if (end < 0)
            {
                break;
            }

            builder?.Append(text[position + end]);
            position += end + 1;
        }

        return count;
    }

    /// <summary>Start of the password in <c>scheme://user:password@host</c>, or -1.</summary>
    private static int UserInfoPasswordStart(ReadOnlySpan<char> text, out int passwordEnd)
    {
        passwordEnd = -1;
        var scheme = text.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return -1;
        }

        var authorityStart = scheme + 3;
        var authority = text[authorityStart..];
        var authorityEnd = authority.IndexOfAny('/', '?', '#');
        if (authorityEnd >= 0)
        {
            authority = authority[..authorityEnd];
        }

        var at = authority.LastIndexOf('@');
        var colon = at < 0 ? -1 : authority[..at].IndexOf(':');
        if (colon < 0 || colon == at - 1)
        {
            return -1;
        }

        passwordEnd = authorityStart + at;
        return authorityStart + colon + 1;
    }
}
