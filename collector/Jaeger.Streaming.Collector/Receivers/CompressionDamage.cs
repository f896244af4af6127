using ZstdSharp;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>What the decoders throw for a body or message that is not what its encoding says: the client's error.</summary>
internal static class CompressionDamage
{
    // zlib's inflater reports some damaged streams as an internal ZLibException, an IOException known only by name.
    private const string ZLibException = "System.IO.Compression.ZLibException";

    public static bool Is(Exception e) =>
        e is InvalidDataException or ZstdException or EndOfStreamException || e.GetType().FullName == ZLibException;
}
