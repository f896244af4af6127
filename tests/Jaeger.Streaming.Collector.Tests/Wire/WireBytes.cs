using Google.Protobuf;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests.Wire;

/// <summary>Hand-made protobuf bytes, for encodings a protobuf library will not write.</summary>
internal static class WireBytes
{
    public const int Varint = 0;
    public const int LengthDelimited = 2;
    public const int StartGroup = 3;

    public static byte[] Tag(int field, int wireType) => Varint64((ulong)((field << 3) | wireType));

    public static byte[] Varint64(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }

    /// <summary>A length-delimited field holding <paramref name="content"/>.</summary>
    public static byte[] Field(int field, params byte[][] content)
    {
        byte[] joined = [.. content.SelectMany(c => c)];
        return [.. Tag(field, LengthDelimited), .. Varint64((ulong)joined.Length), .. joined];
    }

    /// <summary>A valid span of a fresh trace, encoded.</summary>
    public static byte[] ValidSpan() => Otlp.Span(Otlp.NewTraceId(), start: GeneratedRequests.Now.AddMinutes(-1)).ToByteArray();

    /// <summary>A request of one resource (service "svc") and one scope holding <paramref name="span"/>'s bytes as they are.</summary>
    public static byte[] RequestWithSpan(byte[] span) =>
        Field(1, Field(1, new Resource { Attributes = { Otlp.Attr("service.name", "svc") } }.ToByteArray()), Field(2, Field(2, span)));
}
