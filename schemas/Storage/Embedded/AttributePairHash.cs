using System.Globalization;
using OpenTelemetry.Proto.Common.V1;

namespace Jaeger.Streaming.Schemas.Storage.Embedded;

/// <summary>
/// A stable 64-bit hash of one attribute pair, key and <see cref="AttributeText"/> value, as the embedded store
/// indexes it. A hash is only a candidate filter: readers confirm every match on the stored span itself,
/// so a collision can cost time but never a wrong answer.
/// </summary>
public static class AttributePairHash
{
    /// <summary>Length of <see cref="WriteToken"/>'s output: 16 hex characters.</summary>
    public const int TokenLength = 16;

    private const ulong OffsetBasis = 14695981039346656037;
    private const ulong Prime = 1099511628211;

    // Room for any long in decimal, and for any double in "R" form (at most 24 characters).
    private const int NumberChars = 32;

    /// <summary>FNV-1a style over the key's length, the key and the value, one step per UTF-16 code unit.</summary>
    public static ulong Of(string key, string value) => Of(key, value.AsSpan());

    /// <summary>
    /// The hash of an attribute as stored: <see cref="Of(string, string)"/> of its key and <see cref="AttributeText"/>
    /// value. Numbers and booleans are hashed from their text without allocating it; the writer hashes every pair of
    /// every span.
    /// </summary>
    public static ulong Of(KeyValue attribute)
    {
        var value = attribute.Value;
        Span<char> number = stackalloc char[NumberChars];
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                return Of(attribute.Key, value.StringValue);
            case AnyValue.ValueOneofCase.BoolValue:
                return Of(attribute.Key, value.BoolValue ? "true" : "false");
            case AnyValue.ValueOneofCase.IntValue when value.IntValue.TryFormat(number, out var written, provider: CultureInfo.InvariantCulture):
                return Of(attribute.Key, number[..written]);
            case AnyValue.ValueOneofCase.DoubleValue when value.DoubleValue.TryFormat(number, out var written, "R", CultureInfo.InvariantCulture):
                return Of(attribute.Key, number[..written]);
            default:
                return Of(attribute.Key, AttributeText.Format(value));
        }
    }

    /// <summary>The hash as the full-text token the index stores: 16 lowercase hex characters, never an FTS5 keyword.</summary>
    public static void WriteToken(ulong hash, Span<char> destination)
    {
        const string Digits = "0123456789abcdef";
        for (var i = TokenLength - 1; i >= 0; i--)
        {
            destination[i] = Digits[(int)(hash & 0xF)];
            hash >>= 4;
        }
    }

    private static ulong Of(string key, ReadOnlySpan<char> value)
    {
        // The key's length first, so ("a=b", "c") and ("a", "b=c") cannot produce the same input.
        var hash = Mix(OffsetBasis, (uint)key.Length);
        foreach (var c in key)
        {
            hash = Mix(hash, c);
        }

        foreach (var c in value)
        {
            hash = Mix(hash, c);
        }

        // A final avalanche so tokens spread evenly even for short, similar pairs.
        hash ^= hash >> 33;
        hash *= 0xff51afd7ed558ccd;
        hash ^= hash >> 33;
        return hash;
    }

    // One multiply per UTF-16 code unit rather than per byte: half the dependent multiplies, and the final
    // avalanche in Of spreads the bits anyway.
    private static ulong Mix(ulong hash, uint unit) => (hash ^ unit) * Prime;
}
