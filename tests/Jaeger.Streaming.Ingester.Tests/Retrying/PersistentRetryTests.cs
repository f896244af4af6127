using Jaeger.Streaming.Ingester.Retrying;

namespace Jaeger.Streaming.Ingester.Tests.Retrying;

public sealed class PersistentRetryTests
{
    [Fact]
    public void Jittered_waits_lie_between_half_the_backoff_and_all_of_it_and_spread_across_that_range()
    {
        var backoff = TimeSpan.FromSeconds(8);
        var random = new Random(20261123);

        var waits = Enumerable.Range(0, 1000).Select(_ => PersistentRetry.Jittered(backoff, random)).ToList();

        Assert.All(waits, wait => Assert.InRange(wait, backoff / 2, backoff));

        // Spread over most of the range, so two ingesters retrying together drift apart.
        Assert.True(waits.Max() - waits.Min() > backoff / 2 * 0.9, $"waits spread from {waits.Min()} to {waits.Max()}");
    }
}
