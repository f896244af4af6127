using Google.Protobuf;

namespace Jaeger.Streaming.Benchmarks.Load;

/// <summary>Random non-zero ids for the generated loads, from the caller's seeded <see cref="Random"/> so runs repeat.</summary>
internal static class RandomIds
{
    /// <summary><paramref name="length"/> random bytes; the first is odd, so an id is never all zeros (OTLP's "no id").</summary>
    public static ByteString Next(Random random, int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        bytes[0] |= 1;
        return ByteString.CopyFrom(bytes);
    }
}
