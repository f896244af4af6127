namespace Jaeger.Streaming.Testing;

/// <summary>A clock stopped at one instant, so that ages, skews and retention cut-offs are exact.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now => now;

    public override DateTimeOffset GetUtcNow() => now;
}
