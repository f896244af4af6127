namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// E-mail addresses: a local part of letters, digits and <c>. _ % + -</c>, an <c>@</c>, and a domain of at least two
/// labels whose last is letters only. Scanned outward from each <c>@</c> rather than by regex, which stays linear on
/// long values.
/// </summary>
internal sealed class EmailDetector() : ValueDetector(DetectorNames.Email)
{
    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) => profile.HasAt;

    public override void Find(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        var at = text.IndexOf('@');
        while (at >= 0)
        {
            var start = at;
            while (start > 0 && IsLocalChar(text[start - 1]))
            {
                start--;
            }

            // A local part neither starts nor ends with a dot.
            while (start < at && text[start] == '.')
            {
                start++;
            }

            var end = DomainEnd(text, at + 1);
            var searchFrom = at + 1;
            if (start < at && text[at - 1] != '.' && end > 0)
            {
                found.Add(start, end - start, source);
                searchFrom = end;
            }

            var next = text[searchFrom..].IndexOf('@');
            at = next < 0 ? -1 : searchFrom + next;
        }
    }

    private static bool IsLocalChar(char c) => char.IsLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsLabelChar(char c) => char.IsLetterOrDigit(c) || c == '-';

    /// <summary>End of the domain starting at <paramref name="start"/>, or -1 when there is no valid one.</summary>
    private static int DomainEnd(ReadOnlySpan<char> text, int start)
    {
        var end = -1;
        var position = start;
        var labels = 0;
        while (true)
        {
            var labelStart = position;
            while (position < text.Length && IsLabelChar(text[position]))
            {
                position++;
            }

            var label = text[labelStart..position];
            if (label.IsEmpty || label[0] == '-' || label[^1] == '-')
            {
                return end;
            }

            labels++;
            if (labels >= 2 && label.Length >= 2 && IsLetters(label))
            {
                end = position;
            }

            if (position + 1 < text.Length && text[position] == '.' && IsLabelChar(text[position + 1]))
            {
                position++;
                continue;
            }

            return end;
        }
    }

    private static bool IsLetters(ReadOnlySpan<char> label)
    {
        foreach (var c in label)
        {
            if (!char.IsLetter(c))
            {
                return false;
            }
        }

        return true;
    }
}
