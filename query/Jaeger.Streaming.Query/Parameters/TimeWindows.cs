using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Query.Parameters;

/// <summary>The optional window a trace lookup may be narrowed to; an open side stays unbounded.</summary>
internal static class TimeWindows
{
    public static TimeWindow? From(DateTimeOffset? start, DateTimeOffset? end, string startParameter)
    {
        if (start is null && end is null)
        {
            return null;
        }

        var window = new TimeWindow(start ?? DateTimeOffset.MinValue, end ?? DateTimeOffset.MaxValue);
        return window.Start <= window.End
            ? window
            : throw new QueryParameterException(startParameter, "is after the end of the window; swap them");
    }
}
