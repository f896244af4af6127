using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;

namespace Jaeger.Streaming.Schemas;

/// <summary>A 16-byte W3C trace id. Formats as 32 lowercase hex characters, the Kafka key and the API form.</summary>
public readonly record struct TraceId(ulong High, ulong Low)
{
    public const int Length = 16;

    public bool IsEmpty => High == 0 && Low == 0;

    public static TraceId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Length)
        {
            throw new ArgumentException($"A trace id is {Length} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new TraceId(BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]));
    }

    public static TraceId FromBytes(ByteString bytes) => FromBytes(bytes.Span);

    /// <summary>Parses 32 hex characters, either case. Shorter ids are left-padded with zeros, as Jaeger does.</summary>
    public static bool TryParse(ReadOnlySpan<char> hex, [NotNullWhen(true)] out TraceId? id)
    {
        id = null;
        if (hex.Length is 0 or > 32)
        {
            return false;
        }

        Span<char> padded = stackalloc char[32];
        padded.Fill('0');
        hex.CopyTo(padded[(32 - hex.Length)..]);
        Span<byte> bytes = stackalloc byte[Length];
        if (Convert.FromHexString(padded, bytes, out _, out _) != System.Buffers.OperationStatus.Done)
        {
            return false;
        }

        id = FromBytes(bytes);
        return true;
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, High);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], Low);
    }

    public byte[] ToBytes()
    {
        var bytes = new byte[Length];
        WriteTo(bytes);
        return bytes;
    }

    public override string ToString() => $"{High:x16}{Low:x16}";
}
