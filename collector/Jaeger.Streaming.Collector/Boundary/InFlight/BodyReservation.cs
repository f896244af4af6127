namespace Jaeger.Streaming.Collector.Boundary.InFlight;

/// <summary>
/// The bytes of <see cref="InFlightBodies"/> one request holds; it grows as the request's body buffer does, and gives
/// everything back when disposed. Used by one request at a time, so it needs no locking of its own.
/// </summary>
internal sealed class BodyReservation(InFlightBodies budget, long largestBody) : IDisposable
{
    private long _held;

    public long HeldBytes => _held;

    /// <summary>
    /// Makes the reservation at least <paramref name="bytes"/> (at most the body limit, which the receivers enforce
    /// themselves); false, holding what it held, when the budget cannot cover it.
    /// </summary>
    public bool TryGrowTo(long bytes) => TryHold(Math.Min(bytes, largestBody));

    /// <summary>
    /// Adds <paramref name="bytes"/> to the reservation, past the body limit if need be, for a second buffer beside
    /// the body's: a body decompressed whole (snappy) is held twice, and counted so until it is answered. False,
    /// holding what it held, when the budget cannot cover it.
    /// </summary>
    public bool TryAdd(long bytes) => TryHold(_held + bytes);

    private bool TryHold(long wanted)
    {
        if (wanted <= _held)
        {
            return true;
        }

        if (!budget.TryTake(wanted - _held))
        {
            return false;
        }

        _held = wanted;
        return true;
    }

    public void Dispose()
    {
        budget.Give(_held);
        _held = 0;
    }
}
