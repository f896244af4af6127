using System.Diagnostics.CodeAnalysis;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// A pattern over service names (<c>service.name</c>) in a <see cref="ReadScope"/>: which services a reader may see.
/// </summary>
/// <remarks>
/// <para>The language, and all of it:</para>
/// <list type="bullet">
/// <item><c>*</c> matches any run of characters, including none.</item>
/// <item>Every other character matches only itself, compared ordinally (case-sensitive). <c>?</c>, <c>[</c>,
/// <c>.</c>, <c>%</c> and <c>\</c> are ordinary characters: there is no escape, no single-character wildcard, no
/// character class and no regex.</item>
/// <item>A pattern without <c>*</c> is an exact name; the pattern <c>*</c> matches every service, including spans
/// that have no <c>service.name</c> (stored as the empty name).</item>
/// <item>A pattern is 1 to <see cref="MaxLength"/> characters.</item>
/// </list>
/// <para>Examples: <c>checkout-*</c> matches <c>checkout-api</c> and <c>checkout-</c>, not <c>Checkout-api</c>;
/// <c>*-internal</c> matches <c>billing-internal</c>; <c>pay*ment</c> matches <c>payment</c> and <c>pay-v2-ment</c>.</para>
/// <para>This belongs to authorization only. Searches never interpret patterns: a <see cref="TraceQuery"/>'s service
/// name and attribute values are always literal text.</para>
/// </remarks>
public sealed class ServicePattern : IEquatable<ServicePattern>
{
    /// <summary>The longest pattern accepted.</summary>
    public const int MaxLength = 256;

    /// <summary>The pattern that matches every service.</summary>
    public static readonly ServicePattern Any = new("*");

    private readonly string[] _segments;

    private ServicePattern(string text)
    {
        Text = text;
        _segments = text.Split('*');
    }

    /// <summary>The pattern as written.</summary>
    public string Text { get; }

    /// <summary>True when the pattern has no <c>*</c>: it matches exactly one name, <see cref="Text"/>.</summary>
    public bool IsExact => _segments.Length == 1;

    /// <summary>
    /// The literal parts between the <c>*</c>s, in order (<c>a*b*</c> gives <c>a</c>, <c>b</c>, empty): a name matches
    /// when it starts with the first, ends with the last, and holds the others in order between them, none overlapping.
    /// </summary>
    public IReadOnlyList<string> Segments => _segments;

    /// <summary>Parses a pattern, or says what is wrong with it.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ServicePattern? pattern, [NotNullWhen(false)] out string? error)
    {
        pattern = null;
        if (string.IsNullOrEmpty(text))
        {
            error = "a service pattern is empty; write an exact service name, a glob such as 'checkout-*', or '*' for all services";
            return false;
        }

        if (text.Length > MaxLength)
        {
            error = $"service pattern '{text[..32]}…' is {text.Length} characters; the most is {MaxLength}";
            return false;
        }

        pattern = new ServicePattern(text);
        error = null;
        return true;
    }

    /// <summary>Parses a pattern; throws <see cref="ArgumentException"/> naming the problem when it is not valid.</summary>
    public static ServicePattern Parse(string text) =>
        TryParse(text, out var pattern, out var error) ? pattern : throw new ArgumentException(error, nameof(text));

    /// <summary>Whether <paramref name="service"/> matches this pattern.</summary>
    public bool Matches(string service)
    {
        var rest = service.AsSpan();
        var first = _segments[0];
        if (!rest.StartsWith(first, StringComparison.Ordinal))
        {
            return false;
        }

        if (_segments.Length == 1)
        {
            return rest.Length == first.Length;
        }

        rest = rest[first.Length..];
        var last = _segments[^1];
        if (rest.Length < last.Length || !rest.EndsWith(last, StringComparison.Ordinal))
        {
            return false;
        }

        rest = rest[..^last.Length];

        // Taking each middle segment at its earliest occurrence leaves the most room for the ones after it.
        for (var i = 1; i < _segments.Length - 1; i++)
        {
            var at = rest.IndexOf(_segments[i], StringComparison.Ordinal);
            if (at < 0)
            {
                return false;
            }

            rest = rest[(at + _segments[i].Length)..];
        }

        return true;
    }

    public bool Equals(ServicePattern? other) => other is not null && other.Text == Text;

    public override bool Equals(object? obj) => Equals(obj as ServicePattern);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(Text);

    public override string ToString() => Text;
}
