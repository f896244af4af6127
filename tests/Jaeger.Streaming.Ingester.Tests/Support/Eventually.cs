namespace Jaeger.Streaming.Ingester.Tests.Support;

/// <summary>Waits for a condition with a generous deadline: asynchronous pipelines are asserted on outcomes, not timings.</summary>
internal static class Eventually
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up after {Deadline.TotalSeconds} s waiting until {what}.");
            }

            await Task.Delay(100, TestContext.Current.CancellationToken);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what) => HoldsAsync(() => Task.FromResult(condition()), what);
}
