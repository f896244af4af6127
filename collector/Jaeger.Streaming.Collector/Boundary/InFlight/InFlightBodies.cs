using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.InFlight;

/// <summary>
/// The budget of request-body bytes that all requests in flight may hold together
/// (<see cref="CollectorOptions.MaxRequestBytesInFlight"/>). A request reserves bytes before it buffers them and
/// keeps them until it is answered, so memory stays bounded however many clients send at once.
/// </summary>
internal sealed class InFlightBodies(IOptions<CollectorOptions> options)
{
    /// <summary>Bodies drain in well under a second unless Kafka stalls, so clients may come back soon.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(1);

    public static readonly string RefusalMessage =
        $"The collector is holding its limit of request bytes in flight ({CollectorOptions.Section}:MaxRequestBytesInFlight); nothing of this request was accepted, retry after {RetryAfter.TotalSeconds} s.";

    private readonly long _limit = options.Value.MaxRequestBytesInFlight;
    private readonly long _largestBody = options.Value.MaxRequestBodyBytes;
    private long _reserved;

    /// <summary>Bytes reserved by requests in flight now.</summary>
    public long ReservedBytes => Interlocked.Read(ref _reserved);

    /// <summary>An empty reservation for one request; dispose it once the request is answered.</summary>
    public BodyReservation Reserve() => new(this, _largestBody);

    internal bool TryTake(long bytes)
    {
        var current = Interlocked.Read(ref _reserved);
        while (current + bytes <= _limit)
        {
            var seen = Interlocked.CompareExchange(ref _reserved, current + bytes, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    internal void Give(long bytes) => Interlocked.Add(ref _reserved, -bytes);
}
