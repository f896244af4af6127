using System.Buffers;
using Grpc.Core;

namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>
/// An OTLP/gRPC Export message as the bytes it arrived in (after gRPC decompression), copied out of the framework's
/// buffers into a pooled array, so that the wire path can scan it and only a request that is not clean is parsed.
/// Disposing returns the array.
/// </summary>
internal sealed class OtlpGrpcPayload : IDisposable
{
    private byte[]? _buffer;

    private OtlpGrpcPayload(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Reads the message as it is, whatever it holds: deciding what it means is the receiver's work.</summary>
    public static Marshaller<OtlpGrpcPayload> Marshaller { get; } = Marshallers.Create<OtlpGrpcPayload>(
        (_, _) => throw new NotSupportedException("An OTLP payload is only ever received."),
        Read);

    public int Length { get; }

    public ReadOnlySpan<byte> Bytes => _buffer.AsSpan(0, Length);

    public void Dispose()
    {
        if (_buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = null;
        }
    }

    private static OtlpGrpcPayload Read(DeserializationContext context)
    {
        var message = context.PayloadAsReadOnlySequence();
        var length = checked((int)message.Length);
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        message.CopyTo(buffer);
        return new OtlpGrpcPayload(buffer, length);
    }
}
