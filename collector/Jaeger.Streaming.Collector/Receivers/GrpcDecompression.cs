using System.IO.Compression;
using Grpc.Core;
using Grpc.Net.Compression;
using Jaeger.Streaming.Collector.Boundary.InFlight;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// The OTLP/gRPC receiver's decompression: gzip, zstd and snappy, as the OpenTelemetry Collector's OTLP exporter
/// sends them. A message that is not what its <c>grpc-encoding</c> says is refused with INVALID_ARGUMENT saying why;
/// left to grpc-dotnet, the decoder's exception would be answered UNKNOWN, as a fault of the collector. As a message
/// is decompressed, the request's reservation of bytes in flight (the gate reserved the compressed message) grows
/// with it, as an OTLP/HTTP body's does, so a small message that inflates past what the budget can still hold is
/// refused with UNAVAILABLE and a retry delay before it is held in memory.
/// </summary>
internal static class GrpcDecompression
{
    /// <param name="limit">The largest message, decompressed.</param>
    /// <param name="reservation">The reservation of the request being read, if it has one.</param>
    /// <param name="refused">Called when a message is refused for the budget.</param>
    public static ICompressionProvider[] Providers(long limit, Func<BodyReservation?> reservation, Action refused)
    {
        var budget = new Budget(reservation, refused);
        return
        [
            new Refusing(new GzipCompressionProvider(CompressionLevel.Fastest), budget),
            new Refusing(new ZstdDecompression.GrpcProvider(), budget),
            new Refusing(new SnappyDecompression.GrpcProvider(limit, budget.Hold), budget),
        ];
    }

    private static RpcException Invalid(string encoding, Exception e) =>
        new(new Status(StatusCode.InvalidArgument, $"The message is not valid {encoding}, though grpc-encoding says so: {e.Message}"));

    private sealed class Budget(Func<BodyReservation?> reservation, Action refused)
    {
        /// <summary>Grows the request's reservation to <paramref name="bytes"/>, or refuses the message.</summary>
        public void Hold(long bytes)
        {
            if (reservation() is { } held && !held.TryGrowTo(bytes))
            {
                refused();
                throw RpcStatus.Unavailable(InFlightBodies.RefusalMessage, InFlightBodies.RetryAfter);
            }
        }
    }

    private sealed class Refusing(ICompressionProvider inner, Budget budget) : ICompressionProvider
    {
        public string EncodingName => inner.EncodingName;

        public Stream CreateCompressionStream(Stream stream, CompressionLevel? compressionLevel) => inner.CreateCompressionStream(stream, compressionLevel);

        public Stream CreateDecompressionStream(Stream stream)
        {
            try
            {
                return new RefusingStream(inner.CreateDecompressionStream(stream), EncodingName, budget);
            }
            catch (Exception e) when (CompressionDamage.Is(e))
            {
                throw Invalid(EncodingName, e);
            }
        }
    }

    /// <summary>Reads its inner stream, turning a decoder's complaint into the client's error and holding what it has read.</summary>
    private sealed class RefusingStream(Stream inner, string encoding, Budget budget) : Stream
    {
        private long _read;

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
            int read;
            try
            {
                read = inner.Read(buffer);
            }
            catch (Exception e) when (CompressionDamage.Is(e))
            {
                throw Invalid(encoding, e);
            }

            return Held(read);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            int read;
            try
            {
                read = await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (CompressionDamage.Is(e))
            {
                throw Invalid(encoding, e);
            }

            return Held(read);
        }

        private int Held(int read)
        {
            _read += read;
            budget.Hold(_read);
            return read;
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
