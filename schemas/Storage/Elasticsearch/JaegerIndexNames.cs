using System.Globalization;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// Jaeger's index naming (DESIGN §4), so Jaeger's own tools (es-index-cleaner, es-rollover) work on our indices:
/// daily <c>{prefix}jaeger-span-YYYY-MM-DD</c> and <c>{prefix}jaeger-service-YYYY-MM-DD</c> in UTC, or the rollover
/// aliases <c>{prefix}jaeger-span-write</c>/<c>-read</c>. The prefix is the configured one and, with tenant indices,
/// the tenant's name, each followed by a dash.
/// </summary>
public sealed class JaegerIndexNames
{
    public const string Span = "jaeger-span";
    public const string Service = "jaeger-service";

    // Beyond this many days a search names the wildcard instead of every index, to keep the URL short.
    private const int MaxListedDays = 60;

    private readonly bool _useAliases;

    public JaegerIndexNames(string prefix, bool useAliases)
    {
        Prefix = prefix;
        _useAliases = useAliases;
    }

    /// <summary>Everything before <c>jaeger-</c>: empty, or for example <c>prod-</c> or <c>prod-acme-</c>.</summary>
    public string Prefix { get; }

    /// <summary>
    /// The names for <paramref name="tenant"/>'s data. Without <see cref="ElasticsearchOptions.TenantIndices"/> every
    /// tenant shares the configured prefix.
    /// </summary>
    public static JaegerIndexNames For(ElasticsearchOptions options, string? tenant)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prefix = string.IsNullOrEmpty(options.IndexPrefix) ? "" : options.IndexPrefix + "-";
        if (options.TenantIndices && !string.IsNullOrEmpty(tenant))
        {
            if (!IsValidName(tenant))
            {
                throw new ArgumentException(
                    $"Tenant '{tenant}' cannot name an index; with {ElasticsearchOptions.SectionName}:TenantIndices=true tenants must be lowercase letters, digits, '_' and '-' (at most 64).",
                    nameof(tenant));
            }

            prefix += tenant + "-";
        }

        return new JaegerIndexNames(prefix, options.UseAliases);
    }

    /// <summary>Lowercase letters, digits, <c>_</c> and <c>-</c>, starting with a letter or digit: safe in an index name and in a wildcard.</summary>
    public static bool IsValidName(string name)
    {
        if (name.Length is 0 or > 64 || !(char.IsAsciiLetterLower(name[0]) || char.IsAsciiDigit(name[0])))
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '_' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Where a span that started at <paramref name="start"/> is written.</summary>
    public string SpanWriteIndex(DateTimeOffset start) => WriteIndex(Span, start);

    /// <summary>Where a service/operation pair seen at <paramref name="time"/> is written.</summary>
    public string ServiceWriteIndex(DateTimeOffset time) => WriteIndex(Service, time);

    /// <summary>The span indices that can hold spans started within [min, max], comma-separated.</summary>
    public string SpanReadIndices(DateTimeOffset min, DateTimeOffset max) => ReadIndices(Span, min, max);

    /// <summary>Every span index of this prefix.</summary>
    public string AllSpanIndices => _useAliases ? $"{Prefix}{Span}-read" : $"{Prefix}{Span}-*";

    /// <summary>Every service index of this prefix.</summary>
    public string AllServiceIndices => _useAliases ? $"{Prefix}{Service}-read" : $"{Prefix}{Service}-*";

    public static string DailyName(string prefix, string kind, DateTimeOffset time) =>
        $"{prefix}{kind}-{time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>The day of a daily index of this prefix (<c>{prefix}jaeger-span-2026-11-23</c>), or null for any other name.</summary>
    public DateOnly? DayOf(string index)
    {
        foreach (var kind in (ReadOnlySpan<string>)[Span, Service])
        {
            var head = $"{Prefix}{kind}-";
            if (index.Length == head.Length + 10 && index.StartsWith(head, StringComparison.Ordinal)
                && DateOnly.TryParseExact(index.AsSpan(head.Length), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                return day;
            }
        }

        return null;
    }

    private string WriteIndex(string kind, DateTimeOffset time) => _useAliases ? $"{Prefix}{kind}-write" : DailyName(Prefix, kind, time);

    private string ReadIndices(string kind, DateTimeOffset min, DateTimeOffset max)
    {
        if (_useAliases)
        {
            return $"{Prefix}{kind}-read";
        }

        var first = DateOnly.FromDateTime(min.UtcDateTime);
        var last = DateOnly.FromDateTime(max.UtcDateTime);
        if (last < first)
        {
            (first, last) = (last, first);
        }

        if (last.DayNumber - first.DayNumber >= MaxListedDays)
        {
            return $"{Prefix}{kind}-*";
        }

        var names = new List<string>();
        for (var day = first.DayNumber; day <= last.DayNumber; day++)
        {
            names.Add(DailyName(Prefix, kind, DateOnly.FromDayNumber(day).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc)));
        }

        return string.Join(',', names);
    }
}
