using Jaeger.Streaming.Query.Parameters;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Query.Api.Legacy;

/// <summary>
/// The window of the legacy <c>/api/dependencies</c>, as Jaeger reads it: <c>endTs</c> in ms since the epoch (default
/// now) and <c>lookback</c> in ms before it (default 24 hours, Jaeger's).
/// </summary>
internal static class LegacyDependencyWindow
{
    public static readonly TimeSpan DefaultLookback = TimeSpan.FromHours(24);

    // 9999-12-31T23:59:59.999Z, the last millisecond a DateTimeOffset holds.
    private const long MaxMillis = 253_402_300_799_999;

    public static TimeWindow Parse(QueryParameters parameters, DateTimeOffset now)
    {
        var end = parameters.Long("endTs") switch
        {
            null => now,
            >= 0 and <= MaxMillis and var millis => DateTimeOffset.FromUnixTimeMilliseconds(millis),
            var millis => throw new QueryParameterException("endTs", $"'{millis}' is not a time in milliseconds since the Unix epoch"),
        };
        var lookback = parameters.Long("lookback") switch
        {
            null => DefaultLookback,
            > 0 and <= MaxMillis and var millis => TimeSpan.FromMilliseconds(millis),
            var millis => throw new QueryParameterException("lookback", $"'{millis}' is not a positive number of milliseconds"),
        };
        var start = end - DateTimeOffset.MinValue < lookback ? DateTimeOffset.MinValue : end - lookback;
        return new TimeWindow(start, end);
    }
}
