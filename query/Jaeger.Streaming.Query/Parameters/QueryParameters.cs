using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Parameters;

/// <summary>
/// Typed reads of query-string parameters. Each read takes the parameter's accepted spellings
/// (for example the camelCase and snake_case forms of API v3) and names the one the client used in errors.
/// </summary>
internal readonly struct QueryParameters(IQueryCollection query)
{
    /// <summary>The first non-empty value among the spellings, with the spelling it came from.</summary>
    public (string Name, string? Value) Find(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            var value = query[name].FirstOrDefault(v => !string.IsNullOrEmpty(v));
            if (value is not null)
            {
                return (name, value);
            }
        }

        return (names[0], null);
    }

    public IReadOnlyList<string> All(string name) => [.. query[name].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!)];

    public string? String(params ReadOnlySpan<string> names) => Find(names).Value;

    public string RequiredString(params ReadOnlySpan<string> names) =>
        Find(names).Value ?? throw new QueryParameterException(names[0], "is required");

    public DateTimeOffset RequiredTime(params ReadOnlySpan<string> names) =>
        Time(names) ?? throw new QueryParameterException(names[0], "is required, as an RFC 3339 time such as 2024-05-01T12:00:00Z");

    public DateTimeOffset? Time(params ReadOnlySpan<string> names) =>
        Parse(names, text => Rfc3339.TryParse(text, out var time) ? time : null, "is not an RFC 3339 time; use a form such as 2024-05-01T12:00:00.5Z");

    /// <summary>A non-negative Go-style duration.</summary>
    public TimeSpan? Duration(params ReadOnlySpan<string> names) =>
        Parse(
            names,
            text => GoDuration.TryParse(text, out var duration) && duration >= TimeSpan.Zero ? duration : null,
            "is not a duration; use a number with a unit (ns, us, µs, ms, s, m, h) such as 1.5ms or 1m30s");

    public int? PositiveInt(params ReadOnlySpan<string> names) =>
        Parse(names, text => int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number > 0 ? number : (int?)null, "is not a positive integer");

    public long? Long(params ReadOnlySpan<string> names) =>
        Parse(names, text => long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number) ? number : (long?)null, "is not an integer");

    /// <summary>A JSON object whose values are all strings, such as <c>{"http.status_code":"500"}</c>.</summary>
    public Dictionary<string, string> StringMap(params ReadOnlySpan<string> names)
    {
        var (name, value) = Find(names);
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        if (value is null)
        {
            return map;
        }

        const string Expected = "must be a JSON object of strings, such as {\"http.status_code\":\"500\"}";
        try
        {
            using var json = JsonDocument.Parse(value);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new QueryParameterException(name, Expected);
            }

            foreach (var property in json.RootElement.EnumerateObject())
            {
                map[property.Name] = property.Value.ValueKind == JsonValueKind.String
                    ? property.Value.GetString()!
                    : throw new QueryParameterException(name, $"the value of '{property.Name}' is not a string; {Expected}");
            }
        }
        catch (JsonException)
        {
            throw new QueryParameterException(name, $"is not valid JSON; it {Expected}");
        }
        catch (InvalidOperationException)
        {
            // What the parser leaves to reading a name or value: an escape of half a surrogate pair, or bytes not UTF-8.
            throw new QueryParameterException(name, $"holds text that is not Unicode (half a surrogate pair); it {Expected}");
        }

        return map;
    }

    /// <summary>Null when absent; the parsed value when <paramref name="parse"/> accepts it; otherwise a 400 naming the spelling used.</summary>
    private T? Parse<T>(ReadOnlySpan<string> names, Func<string, T?> parse, string problem)
        where T : struct
    {
        var (name, value) = Find(names);
        if (value is null)
        {
            return null;
        }

        return parse(value) ?? throw new QueryParameterException(name, $"'{value}' {problem}");
    }
}
