using System.IO.Compression;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>Request bodies in each Content-Encoding the collector accepts, written as the OpenTelemetry Collector's exporters write them.</summary>
internal static class Compression
{
    /// <summary>Every Content-Encoding the OpenTelemetry Collector's otlphttp exporter may send, zlib aside (the same format as deflate).</summary>
    public static TheoryData<string> Encodings => ["gzip", "zstd", "deflate", "snappy", "x-snappy-framed", "lz4"];

    /// <summary>
    /// <paramref name="bytes"/> compressed for <paramref name="encoding"/>: "snappy" is snappy's block format (the
    /// OpenTelemetry Collector's default under that name), "x-snappy-framed" its framing format, "lz4" the LZ4 frame format.
    /// </summary>
    public static byte[] Compress(string encoding, byte[] bytes)
    {
        using var buffer = new MemoryStream();
        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            "zstd" => new ZstdSharp.CompressionStream(buffer, level: 3, bufferSize: 0, leaveOpen: true),
            "lz4" => K4os.Compression.LZ4.Streams.LZ4Stream.Encode(buffer, leaveOpen: true),
            "snappy" => new BlockSnappyStream(buffer),
            "x-snappy-framed" => new Snappier.SnappyStream(buffer, CompressionMode.Compress, leaveOpen: true),
            "deflate" or "zlib" => new ZLibStream(buffer, CompressionLevel.Optimal, leaveOpen: true),
            _ => throw new ArgumentException($"No compressor for '{encoding}'.", nameof(encoding)),
        })
        {
            compressor.Write(bytes);
        }

        return buffer.ToArray();
    }
}
