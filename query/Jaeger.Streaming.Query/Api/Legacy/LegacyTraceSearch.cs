using System.Globalization;
using Jaeger.Streaming.Query.Parameters;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Query.Api.Legacy;

/// <summary>
/// The search parameters of the legacy <c>/api/traces</c>: <c>service</c>, <c>operation</c>, <c>tags</c> (a JSON map)
/// and repeated <c>tag=key:value</c>, <c>start</c>/<c>end</c> in µs since the epoch, <c>lookback</c> (used when
/// <c>start</c> is absent), <c>minDuration</c>/<c>maxDuration</c> as Go durations, and <c>limit</c>.
/// </summary>
internal static class LegacyTraceSearch
{
    public const int DefaultLimit = 20;

    /// <summary>Jaeger query's default look-back when a search gives neither <c>start</c> nor <c>lookback</c>.</summary>
    public static readonly TimeSpan DefaultLookback = TimeSpan.FromDays(2);

    public static TraceQuery Parse(QueryParameters parameters, DateTimeOffset now)
    {
        var end = Microseconds(parameters, "end") ?? now;
        var start = Microseconds(parameters, "start") ?? Before(end, Lookback(parameters));
        if (start > end)
        {
            throw new QueryParameterException("start", "is after end; swap them");
        }

        var minDuration = parameters.Duration("minDuration");
        var maxDuration = parameters.Duration("maxDuration");
        if (minDuration > maxDuration)
        {
            throw new QueryParameterException("minDuration", "is larger than maxDuration");
        }

        return new TraceQuery
        {
            ServiceName = parameters.String("service"),
            OperationName = parameters.String("operation"),
            StartTimeMin = start,
            StartTimeMax = end,
            DurationMin = minDuration,
            DurationMax = maxDuration,
            Attributes = Tags(parameters),
            SearchDepth = Limit(parameters),
        };
    }

    /// <summary>A time in µs since the epoch, Jaeger UI's unit for <c>start</c> and <c>end</c>.</summary>
    public static DateTimeOffset? Microseconds(QueryParameters parameters, string name)
    {
        if (parameters.Long(name) is not { } micros)
        {
            return null;
        }

        const long MaxMicros = 253_402_300_799_999_999; // 9999-12-31T23:59:59.999999Z
        return micros is >= 0 and <= MaxMicros
            ? DateTimeOffset.UnixEpoch.AddTicks(micros * 10)
            : throw new QueryParameterException(name, $"'{micros}' is not a time in microseconds since the Unix epoch");
    }

    private static DateTimeOffset Before(DateTimeOffset end, TimeSpan lookback) =>
        end - DateTimeOffset.MinValue < lookback ? DateTimeOffset.MinValue : end - lookback;

    private static int Limit(QueryParameters parameters) =>
        parameters.Long("limit") switch
        {
            null or 0 => DefaultLimit,
            > 0 and <= int.MaxValue and var limit => (int)limit,
            var limit => throw new QueryParameterException("limit", $"'{limit}' is not a positive number of traces"),
        };

    /// <summary>Go durations plus the day and week units of the Jaeger UI's look-back menu (<c>2d</c>, <c>1w</c>).</summary>
    private static TimeSpan Lookback(QueryParameters parameters)
    {
        var (name, value) = parameters.Find("lookback");
        if (value is null)
        {
            return DefaultLookback;
        }

        if (value.Length > 1 && value[^1] is 'd' or 'w'
            && int.TryParse(value.AsSpan(0, value.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            var days = value[^1] == 'w' ? count * 7L : count;
            return days <= TimeSpan.MaxValue.Days
                ? TimeSpan.FromDays(days)
                : throw new QueryParameterException(name, $"'{value}' is longer than any look-back can be; use at most {TimeSpan.MaxValue.Days}d");
        }

        return GoDuration.TryParse(value, out var lookback) && lookback >= TimeSpan.Zero
            ? lookback.Value
            : throw new QueryParameterException(name, $"'{value}' is not a look-back; use a duration such as 1h or 2d, or give start");
    }

    private static Dictionary<string, string> Tags(QueryParameters parameters)
    {
        var tags = parameters.StringMap("tags");
        foreach (var tag in parameters.All("tag"))
        {
            var colon = tag.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new QueryParameterException("tag", $"'{tag}' is not key:value");
            }

            tags[tag[..colon]] = tag[(colon + 1)..];
        }

        return tags;
    }
}
