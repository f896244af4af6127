using System.IO.Compression;
using Grpc.Net.Compression;
using ZstdSharp;
using ZstdSharp.Unsafe;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// zstd, which the OpenTelemetry Collector's OTLP exporters send when configured to (<c>compression: zstd</c>), on
/// both receivers. Bombs are bounded as for gzip: by the request body limit on the decompressed size, and here also
/// by the window a frame may ask its decoder to hold.
/// </summary>
internal static class ZstdDecompression
{
    public const string EncodingName = "zstd";

    // Beyond 2^24 (16 MiB) a frame's window is refused, so a small body cannot make us allocate a large one.
    // Exporters compress requests of a few MiB with windows of at most 8 MiB.
    private const int MaxWindowLog = 24;

    public static Stream Open(Stream compressed)
    {
        var stream = new DecompressionStream(compressed, bufferSize: 0, checkEndOfStream: true, leaveOpen: true);
        stream.SetParameter(ZSTD_dParameter.ZSTD_d_windowLogMax, MaxWindowLog);
        return stream;
    }

    /// <summary>The <c>grpc-encoding: zstd</c> provider for the OTLP/gRPC receiver.</summary>
    public sealed class GrpcProvider : ICompressionProvider
    {
        public string EncodingName => ZstdDecompression.EncodingName;

        public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) =>
            new CompressionStream(stream, level: 3, bufferSize: 0, leaveOpen: true);

        public Stream CreateDecompressionStream(Stream stream) => Open(stream);
    }
}
