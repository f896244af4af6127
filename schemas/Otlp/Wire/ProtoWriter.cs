namespace Jaeger.Streaming.Schemas.Otlp.Wire;

/// <summary>Writes the framing of a length-delimited field by hand, for code that copies the field's bytes itself.</summary>
public static class ProtoWriter
{
    /// <summary>
    /// Writes a one-byte tag (field numbers up to 15) and <paramref name="length"/> as a varint at the start of
    /// <paramref name="destination"/>; returns how many bytes that took.
    /// </summary>
    public static int WriteTagAndLength(Span<byte> destination, byte tag, int length)
    {
        destination[0] = tag;
        var at = 1;
        var value = (uint)length;
        while (value >= 0x80)
        {
            destination[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[at++] = (byte)value;
        return at;
    }
}
