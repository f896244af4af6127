using System.Buffers.Binary;
using System.IO.Compression;
using System.Numerics;
using Grpc.Net.Compression;
using Snappier;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// snappy, which the OpenTelemetry Collector's exporters send when configured to (<c>compression: snappy</c>). Under
/// that one name a sender may use either of snappy's formats: the block format (one varint length, then the block),
/// or the framing format (chunks after a stream identifier, each with a CRC-32C), which the OpenTelemetry Collector
/// sends under a feature gate and gRPC snappy compressors send. As the OpenTelemetry Collector's own receivers do,
/// the format is told by whether the body starts with the stream identifier. <c>x-snappy-framed</c> is the framing
/// format by name. The body is decompressed whole: its decompressed size is read from the block's length, or the
/// chunks' lengths, and checked against the limit before anything is allocated for it. A truncated chunk, a checksum
/// that does not match or a reserved chunk type is refused rather than taken for the end of the body.
/// </summary>
internal static class SnappyDecompression
{
    public const string EncodingName = "snappy";
    public const string FramedEncodingName = "x-snappy-framed";

    // The framing format's limit on one chunk's uncompressed data.
    private const int MaxChunkBytes = 65_536;
    private const int ChecksumBytes = 4;
    private const byte CompressedChunk = 0x00, UncompressedChunk = 0x01, StreamIdentifierChunk = 0xff;

    private static ReadOnlySpan<byte> StreamIdentifier => [StreamIdentifierChunk, 0x06, 0x00, 0x00, (byte)'s', (byte)'N', (byte)'a', (byte)'P', (byte)'p', (byte)'Y'];

    public static bool Handles(string encoding) =>
        encoding.Equals(EncodingName, StringComparison.OrdinalIgnoreCase) || encoding.Equals(FramedEncodingName, StringComparison.OrdinalIgnoreCase);

    /// <summary>The size <paramref name="compressed"/> decompresses to; an <see cref="InvalidDataException"/> saying why it is not snappy.</summary>
    public static long DecompressedLength(ReadOnlySpan<byte> compressed, string encoding) =>
        IsFramed(compressed, encoding) ? Frames(compressed, []) : BlockLength(compressed);

    // Snappier reads the length varint into an int, so a damaged one can come out negative; and it decodes nothing of
    // a block that states no data, so bytes after that one-byte length would go unnoticed.
    private static int BlockLength(ReadOnlySpan<byte> block) => Snappy.GetUncompressedLength(block) switch
    {
        < 0 => throw new InvalidDataException("its stated length is not a size"),
        0 when block.Length > 1 => throw new InvalidDataException("it states no data but holds more bytes"),
        var length => length,
    };

    /// <summary>Decompresses into <paramref name="output"/>, which must be <see cref="DecompressedLength"/> long.</summary>
    public static void Decompress(ReadOnlySpan<byte> compressed, string encoding, Span<byte> output)
    {
        var written = IsFramed(compressed, encoding) ? Frames(compressed, output) : Snappy.Decompress(compressed, output);
        if (written != output.Length)
        {
            throw new InvalidDataException($"it decompressed to {written} bytes where its length said {output.Length}");
        }
    }

    private static bool IsFramed(ReadOnlySpan<byte> compressed, string encoding)
    {
        if (compressed.StartsWith(StreamIdentifier))
        {
            return true;
        }

        return encoding.Equals(FramedEncodingName, StringComparison.OrdinalIgnoreCase)
            ? throw new InvalidDataException("it does not start with snappy's stream identifier")
            : false;
    }

    /// <summary>
    /// Walks the chunks of a framed body: with an empty <paramref name="output"/> only to add up their lengths,
    /// otherwise decompressing each into it and checking its checksum. Returns the decompressed length.
    /// </summary>
    private static long Frames(ReadOnlySpan<byte> compressed, Span<byte> output)
    {
        var write = !output.IsEmpty;
        long total = 0;
        var rest = compressed;
        while (!rest.IsEmpty)
        {
            if (rest.Length < 4)
            {
                throw new InvalidDataException("it ends inside a chunk header");
            }

            var type = rest[0];
            var length = rest[1] | (rest[2] << 8) | (rest[3] << 16);
            if (length > rest.Length - 4)
            {
                throw new InvalidDataException($"a chunk of {length} bytes is cut off after {rest.Length - 4}");
            }

            var chunk = rest.Slice(4, length);
            rest = rest[(4 + length)..];
            switch (type)
            {
                case StreamIdentifierChunk:
                    if (!chunk.SequenceEqual(StreamIdentifier[4..]))
                    {
                        throw new InvalidDataException("a stream identifier chunk does not hold 'sNaPpY'");
                    }

                    continue;
                case CompressedChunk or UncompressedChunk:
                    if (length < ChecksumBytes)
                    {
                        throw new InvalidDataException("a data chunk is shorter than its checksum");
                    }

                    var data = chunk[ChecksumBytes..];
                    var size = type == CompressedChunk ? BlockLength(data) : data.Length;
                    if (size > MaxChunkBytes)
                    {
                        throw new InvalidDataException($"a chunk holds {size} bytes, over the framing format's {MaxChunkBytes}");
                    }

                    if (write)
                    {
                        var target = output.Slice((int)total, size);
                        if (type == CompressedChunk)
                        {
                            Snappy.Decompress(data, target);
                        }
                        else
                        {
                            data.CopyTo(target);
                        }

                        if (MaskedCrc32C(target) != BinaryPrimitives.ReadUInt32LittleEndian(chunk))
                        {
                            throw new InvalidDataException("a chunk's checksum does not match its data");
                        }
                    }

                    total += size;
                    continue;
                case < 0x80:
                    throw new InvalidDataException($"it holds a chunk of reserved type 0x{type:x2}, which must not be skipped");
                default:
                    // Padding and reserved skippable chunks.
                    continue;
            }
        }

        return total;
    }

    /// <summary>CRC-32C (Castagnoli) of <paramref name="data"/>, masked as the framing format stores it.</summary>
    private static uint MaskedCrc32C(ReadOnlySpan<byte> data)
    {
        var crc = uint.MaxValue;
        while (data.Length >= 8)
        {
            crc = BitOperations.Crc32C(crc, BinaryPrimitives.ReadUInt64LittleEndian(data));
            data = data[8..];
        }

        foreach (var b in data)
        {
            crc = BitOperations.Crc32C(crc, b);
        }

        crc = ~crc;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8;
    }

    /// <summary>
    /// The <c>grpc-encoding: snappy</c> provider for the OTLP/gRPC receiver. grpc-dotnet hands it one whole message,
    /// already bounded by the receive limit; a message that declares more than <paramref name="limit"/> bytes
    /// decompressed is refused with RESOURCE_EXHAUSTED before anything is allocated for it, and <paramref name="hold"/>
    /// (which may refuse it too) is told the decompressed size first.
    /// </summary>
    public sealed class GrpcProvider(long limit, Action<long>? hold = null) : ICompressionProvider
    {
        public string EncodingName => SnappyDecompression.EncodingName;

        public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
            new SnappyStream(stream, CompressionMode.Compress, leaveOpen: true);

        public Stream CreateDecompressionStream(Stream stream)
        {
            using var compressed = new MemoryStream();
            stream.CopyTo(compressed);
            var bytes = compressed.GetBuffer().AsSpan(0, (int)compressed.Length);
            var length = DecompressedLength(bytes, EncodingName);
            if (length > limit)
            {
                throw new Grpc.Core.RpcException(new Grpc.Core.Status(
                    Grpc.Core.StatusCode.ResourceExhausted, $"The message decompresses to {length} bytes, over the limit of {limit}; split it into smaller requests."));
            }

            hold?.Invoke(length);
            var output = new byte[length];
            Decompress(bytes, EncodingName, output);
            return new MemoryStream(output, writable: false);
        }
    }
}
