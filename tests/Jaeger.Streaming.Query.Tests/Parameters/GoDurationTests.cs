using Jaeger.Streaming.Query.Parameters;

namespace Jaeger.Streaming.Query.Tests.Parameters;

public sealed class GoDurationTests
{
    [Theory]
    [InlineData("4500ns", 45)]
    [InlineData("1.5ms", 15_000)]
    [InlineData("1500us", 15_000)]
    [InlineData("1500µs", 15_000)]
    [InlineData("1500μs", 15_000)]
    [InlineData("2s", 20_000_000)]
    [InlineData("1m30s", 900_000_000)]
    [InlineData("1h", 36_000_000_000)]
    [InlineData(".5s", 5_000_000)]
    [InlineData("0", 0)]
    [InlineData("-2s", -20_000_000)]
    public void Parses_go_durations(string text, long ticks)
    {
        Assert.True(GoDuration.TryParse(text, out var duration));
        Assert.Equal(TimeSpan.FromTicks(ticks), duration);
    }

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("1.5")]
    [InlineData("ms")]
    [InlineData("1d")]
    [InlineData("1..5s")]
    [InlineData("1 s")]
    [InlineData("99999999999999999999h")]
    public void Rejects_what_go_rejects(string text)
    {
        Assert.False(GoDuration.TryParse(text, out _));
    }

    [Fact]
    public void Truncates_below_the_100ns_tick()
    {
        Assert.True(GoDuration.TryParse("4599ns", out var duration));
        Assert.Equal(TimeSpan.FromTicks(45), duration);
    }
}
