using Jaeger.Streaming.Query.Parameters;

namespace Jaeger.Streaming.Query.Tests.Parameters;

public sealed class Rfc3339Tests
{
    private static readonly DateTimeOffset Noon = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2025-03-01T12:00:00Z", 0)]
    [InlineData("2025-03-01t12:00:00z", 0)]
    [InlineData("2025-03-01T12:00:00.5Z", 5_000_000)]
    [InlineData("2025-03-01T12:00:00.123456789Z", 1_234_567)]
    [InlineData("2025-03-01T14:00:00+02:00", 0)]
    [InlineData("2025-03-01T07:30:00.0000001-04:30", 1)]
    public void Parses_utc_and_offset_times_with_up_to_nanosecond_fractions(string text, long ticksAfterNoon)
    {
        Assert.True(Rfc3339.TryParse(text, out var time));
        Assert.Equal(Noon.AddTicks(ticksAfterNoon), time);
    }

    [Theory]
    [InlineData("2025-03-01")]
    [InlineData("2025-03-01 12:00:00Z")]
    [InlineData("2025-03-01T12:00:00")]
    [InlineData("2025-13-01T12:00:00Z")]
    [InlineData("2025-03-01T12:00:00.Z")]
    [InlineData("1740830400")]
    public void Rejects_what_is_not_rfc3339(string text)
    {
        Assert.False(Rfc3339.TryParse(text, out _));
    }
}
