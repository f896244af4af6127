using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Text;

namespace Jaeger.Streaming.Ingester.Decoding;

/// <summary>
/// Recently decoded short ASCII strings, one per slot, so the attribute keys, span names and common values that every
/// span repeats are decoded once rather than allocated again for each span. A slot holds the last string hashed to it:
/// a miss costs one decode, as without the pool, and client data can never grow it. Not thread-safe: one per thread.
/// A string is kept only when its hash was the slot's last miss too, so a value seen once (an id, a timestamp) is
/// never kept: the pool would hold it past the next collection, and every collection would copy it.
/// </summary>
internal sealed class Utf8StringPool
{
    /// <summary>Longer strings are mostly unique values (URLs, statements, messages) that would only evict keys.</summary>
    private const int MaxPooledBytes = 48;

    private const int SlotCount = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly string?[] _slots = new string?[SlotCount];
    private readonly int[] _lastMisses = new int[SlotCount];

    /// <summary>The string of <paramref name="utf8"/>; throws <see cref="DecoderFallbackException"/> when it is not valid UTF-8.</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.IsEmpty)
        {
            return "";
        }

        if (utf8.Length > MaxPooledBytes)
        {
            return StrictUtf8.GetString(utf8);
        }

        var hash = Hash(utf8);
        var index = hash & (SlotCount - 1);
        if (_slots[index] is { } pooled && Ascii.Equals(utf8, pooled))
        {
            return pooled;
        }

        var decoded = StrictUtf8.GetString(utf8);
        if (_lastMisses[index] != hash)
        {
            _lastMisses[index] = hash;
        }
        else if (decoded.Length == utf8.Length)
        {
            // Same length in bytes and characters: ASCII, which Ascii.Equals can compare without decoding.
            _slots[index] = decoded;
        }

        return decoded;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        // The first and last eight bytes and the length tell apart the keys of one deployment well enough; a
        // collision costs a decode, never a wrong string.
        ulong head, tail;
        if (utf8.Length >= 8)
        {
            head = BinaryPrimitives.ReadUInt64LittleEndian(utf8);
            tail = BinaryPrimitives.ReadUInt64LittleEndian(utf8[^8..]);
        }
        else
        {
            head = tail = 0;
            foreach (var b in utf8)
            {
                head = (head << 8) | b;
            }
        }

        var mixed = ((head ^ (ulong)utf8.Length) * 0x9E3779B97F4A7C15UL) ^ (tail * 0xC2B2AE3D27D4EB4FUL);
        return (int)(mixed >> 32);
    }
}
