using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text.Unicode;

namespace Jaeger.Streaming.Schemas.Otlp.Wire;

/// <summary>
/// Reads one protobuf message's fields from a window of a body, by hand. Every read says whether it succeeded
/// instead of throwing, and none reads outside the window: malformed input ends the read, never the process.
/// Offsets are absolute in the body, so a caller can keep them and copy the bytes later.
/// </summary>
public ref struct ProtoReader
{
    // A varint of more than ten bytes, or whose tenth byte sets bits beyond 64, is not a valid varint.
    private const int MaxVarintBytes = 10;

    private readonly ReadOnlySpan<byte> _body;
    private readonly int _end;
    private int _position;

    public ProtoReader(ReadOnlySpan<byte> body, int start, int end)
    {
        _body = body;
        _position = start;
        _end = end;
    }

    public readonly bool AtEnd => _position >= _end;

    /// <summary>
    /// The next field's number and wire type; false for a tag protobuf parsers refuse (field 0, a wire type it does
    /// not define) and for groups, which OTLP never uses.
    /// </summary>
    public bool TryReadTag(out int field, out WireType wireType)
    {
        field = 0;
        wireType = default;
        if (!TryReadVarint(out var tag) || tag > uint.MaxValue)
        {
            return false;
        }

        field = (int)(tag >> 3);
        wireType = (WireType)(tag & 7);
        return field != 0 && wireType is WireType.Varint or WireType.Fixed64 or WireType.LengthDelimited or WireType.Fixed32;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool TryReadVarint(out ulong value)
    {
        if (_position < _end && _body[_position] < 0x80)
        {
            value = _body[_position++];
            return true;
        }

        return TryReadLongVarint(out value);
    }

    /// <summary>A varint field's value; false when the field is not a varint.</summary>
    public bool TryReadVarint(WireType wireType, out ulong value)
    {
        value = 0;
        return wireType == WireType.Varint && TryReadVarint(out value);
    }

    /// <summary>A fixed64 field's value; false when the field is not fixed64 or is cut short.</summary>
    public bool TryReadFixed64(WireType wireType, out ulong value)
    {
        value = 0;
        if (wireType != WireType.Fixed64 || _end - _position < 8)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt64LittleEndian(_body.Slice(_position, 8));
        _position += 8;
        return true;
    }

    /// <summary>A fixed32 field's value; false when the field is not fixed32 or is cut short.</summary>
    public bool TryReadFixed32(WireType wireType, out uint value)
    {
        value = 0;
        if (wireType != WireType.Fixed32 || _end - _position < 4)
        {
            return false;
        }

        value = BinaryPrimitives.ReadUInt32LittleEndian(_body.Slice(_position, 4));
        _position += 4;
        return true;
    }

    /// <summary>
    /// A length-delimited field's bytes as [<paramref name="start"/>, <paramref name="end"/>); false when the field is
    /// not length-delimited or its length runs past the enclosing message.
    /// </summary>
    public bool TryReadLengthDelimited(WireType wireType, out int start, out int end)
    {
        start = end = 0;
        if (wireType != WireType.LengthDelimited || !TryReadVarint(out var length) || length > (ulong)(_end - _position))
        {
            return false;
        }

        start = _position;
        end = _position + (int)length;
        _position = end;
        return true;
    }

    /// <summary>
    /// A string field of at most <paramref name="maxBytes"/> bytes of valid UTF-8. A parser may refuse invalid UTF-8,
    /// and bytes over the limit may still be few enough characters; neither is decided here.
    /// </summary>
    public bool TryReadString(WireType wireType, int maxBytes, out int start, out int end) =>
        TryReadLengthDelimited(wireType, out start, out end) && end - start <= maxBytes && Utf8.IsValid(_body[start..end]);

    /// <summary>Steps over a field this reader does not interpret; false when it is malformed or cut short.</summary>
    public bool TrySkip(WireType wireType)
    {
        switch (wireType)
        {
            case WireType.Varint:
                return TryReadVarint(out _);
            case WireType.Fixed64:
                return TryAdvance(8);
            case WireType.Fixed32:
                return TryAdvance(4);
            case WireType.LengthDelimited:
                return TryReadLengthDelimited(wireType, out _, out _);
            default:
                return false;
        }
    }

    private bool TryAdvance(int bytes)
    {
        if (_end - _position < bytes)
        {
            return false;
        }

        _position += bytes;
        return true;
    }

    private bool TryReadLongVarint(out ulong value)
    {
        value = 0;
        for (var i = 0; i < MaxVarintBytes && _position < _end; i++)
        {
            var b = _body[_position++];
            if (i == MaxVarintBytes - 1 && b > 1)
            {
                return false;
            }

            value |= (ulong)(b & 0x7F) << (7 * i);
            if (b < 0x80)
            {
                return true;
            }
        }

        return false;
    }
}
