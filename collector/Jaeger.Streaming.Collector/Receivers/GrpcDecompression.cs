using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// The OTLP/gRPC receiver's decompression: gzip, zstd and snappy, as the OpenTelemetry Collector's OTLP exporter
/// sends them. A message that is not what its <c>grpc-encoding</c> says is refused with INVALID_ARGUMENT saying why;
/// left to grpc-dotnet, the decoder's exception would be answered UNKNOWN, as a fault of the collector.
/// </summary>
internal static class GrpcDecompression
{
    public static ICompressionProvider[] Providers(long limit) =>
        [new Refusing(new GzipCompressionProvider(CompressionLevel.Fastest)), new Refusing(new ZstdDecompression.GrpcProvider()), new Refusing(new SnappyDecompression.GrpcProvider(limit))];

    public static RpcException Invalid(string encoding, Exception e) =>
        new(new Status(StatusCode.InvalidArgument, $"The message is not valid {encoding}, though grpc-encoding says so: {e.Message}"));

    private sealed class Refusing(ICompressionProvider inner) : ICompressionProvider
    {
        public string EncodingName => inner.EncodingName;

        public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => inner.CreateCompressionStream(stream, compressionLevel);

        public Stream CreateDecompressionStream(Stream stream)
        {
            try
            {
                return new RefusingStream(inner.CreateDecompressionStream(stream), EncodingName);
            }
            catch (Exception e) when (CompressionDamage.Is(e))
            {
                throw Invalid(EncodingName, e);
            }
        }
    }

    /// <summary>Reads its inner stream, turning a decoder's complaint into the client's error.</summary>
    private sealed class RefusingStream(Stream inner, string encoding) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

        public override int Read(Span<byte> buffer)
        {
            try
            {
                return inner.Read(buffer);
            }
            catch (Exception e) when (CompressionDamage.Is(e))
            {
                throw Invalid(encoding, e);
            }
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (CompressionDamage.Is(e))
            {
                throw Invalid(encoding, e);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
