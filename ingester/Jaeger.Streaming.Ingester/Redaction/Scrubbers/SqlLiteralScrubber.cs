using System.Buffers;

namespace Jaeger.Streaming.Ingester.Redaction.Scrubbers;

/// <summary>
/// Replaces SQL literals with <c>?</c>, keeping the statement's shape: single-quoted strings (with <c>''</c> escapes
/// and <c>N E X B U</c> prefixes), <c>$$…$$</c> strings, and numbers (integers, decimals, exponents, hex). Quoted
/// identifiers (<c>"t"</c>, <c>`t`</c>, <c>[t]</c>), comments, keywords, identifiers such as <c>t1</c>, and
/// placeholders (<c>?</c>, <c>$1</c>, <c>:name</c>, <c>@p0</c>) are kept.
/// </summary>
internal static class SqlLiteralScrubber
{
    /// <summary>Statements up to this length are rewritten on the stack; longer ones in a pooled buffer.</summary>
    private const int MaxStackLength = 512;

    /// <summary>Returns <paramref name="statement"/> itself when it holds no literal.</summary>
    public static string Scrub(string statement, out int redactions)
    {
        // A literal is at least one character and becomes one '?', so the result is never longer than the statement.
        char[]? rented = null;
        var buffer = statement.Length <= MaxStackLength
            ? stackalloc char[statement.Length]
            : rented = ArrayPool<char>.Shared.Rent(statement.Length);
        try
        {
            var written = Walk(statement, buffer, out redactions);
            return redactions == 0 ? statement : new string(buffer[..written]);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<char>.Shared.Return(rented);
            }
        }
    }

    /// <summary>
    /// The characters the walk must stop at: those that open a string, a quoted identifier, a comment or a
    /// <c>$$</c> string, and digits. Everything between them (keywords, identifiers, blanks, operators) is passed over
    /// by one vectorized search; a digit found inside an identifier or placeholder is told apart by what precedes it.
    /// </summary>
    private static readonly SearchValues<char> Stops = SearchValues.Create("'\"`[-/$0123456789");

    /// <summary>
    /// Copies the statement into <paramref name="result"/> with each literal as <c>?</c> and returns how many characters
    /// that took; nothing is copied until the first literal, so a statement without one costs only the walk.
    /// </summary>
    private static int Walk(ReadOnlySpan<char> text, Span<char> result, out int count)
    {
        count = 0;
        var written = 0;
        var copiedUpTo = 0;
        var i = 0;
        while (true)
        {
            var next = text[i..].IndexOfAny(Stops);
            if (next < 0)
            {
                break;
            }

            i += next;
            var c = text[i];
            var literalEnd = -1;
            var literalStart = i;
            switch (c)
            {
                case '\'':
                    literalEnd = QuotedEnd(text, i, '\'');
                    if (i > 0 && IsStringPrefix(text[i - 1]) && (i == 1 || !IsWordChar(text[i - 2])))
                    {
                        literalStart = i - 1;
                    }

                    break;
                case '"' or '`':
                    i = QuotedEnd(text, i, c);
                    continue;
                case '[':
                    i = SkipPast(text, i + 1, "]");
                    continue;
                case '-' when i + 1 < text.Length && text[i + 1] == '-':
                    i = SkipPast(text, i + 2, "\n");
                    continue;
                case '/' when i + 1 < text.Length && text[i + 1] == '*':
                    i = SkipPast(text, i + 2, "*/");
                    continue;
                case '$' when i + 1 < text.Length && text[i + 1] == '$':
                    literalEnd = SkipPast(text, i + 2, "$$");
                    break;
                case '$':
                    // A placeholder ($1): its digits are not a number.
                    i = WordEnd(text, i + 1);
                    continue;
                case '-' or '/':
                    i++;
                    continue;
                default:
                    // A digit: a number when it starts a token; part of an identifier (t1) or a placeholder (:1, @p0)
                    // when a word character or a placeholder sign comes just before it, or of a qualified name after '.'.
                    if (i > 0 && (IsWordChar(text[i - 1]) || text[i - 1] is '$' or ':' or '@' or '.'))
                    {
                        i = WordEnd(text, i + 1);
                        continue;
                    }

                    literalEnd = NumberEnd(text, i);
                    break;
            }

            written += Copy(text[copiedUpTo..literalStart], result[written..]);
            result[written++] = '?';
            copiedUpTo = literalEnd;
            count++;
            i = literalEnd;
        }

        return count == 0 ? 0 : written + Copy(text[copiedUpTo..], result[written..]);
    }

    private static int WordEnd(ReadOnlySpan<char> text, int from)
    {
        var i = from;
        while (i < text.Length && IsWordChar(text[i]))
        {
            i++;
        }

        return i;
    }

    private static int Copy(ReadOnlySpan<char> from, Span<char> to)
    {
        from.CopyTo(to);
        return from.Length;
    }

    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || c == '_';

    private static bool IsStringPrefix(char c) => c is 'N' or 'n' or 'E' or 'e' or 'X' or 'x' or 'B' or 'b' or 'U' or 'u';

    /// <summary>Index after the closing quote; a doubled quote is an escaped one. An unclosed literal runs to the end.</summary>
    private static int QuotedEnd(ReadOnlySpan<char> text, int open, char quote)
    {
        var i = open + 1;
        while (i < text.Length)
        {
            if (text[i] == quote)
            {
                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            i++;
        }

        return text.Length;
    }

    private static int SkipPast(ReadOnlySpan<char> text, int from, string terminator)
    {
        var index = text[from..].IndexOf(terminator, StringComparison.Ordinal);
        return index < 0 ? text.Length : from + index + terminator.Length;
    }

    private static int NumberEnd(ReadOnlySpan<char> text, int start)
    {
        var i = start;
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                i++;
            }

            return i;
        }

        while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        if (i + 1 < text.Length && text[i] is 'e' or 'E' && (char.IsAsciiDigit(text[i + 1]) || (text[i + 1] is '+' or '-' && i + 2 < text.Length && char.IsAsciiDigit(text[i + 2]))))
        {
            i += 2;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        return i;
    }
}
