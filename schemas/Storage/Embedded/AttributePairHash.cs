using System.Globalization;

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

    /// <summary>FNV-1a style over the key's length, the key and the value, one step per UTF-16 code unit.</summary>
    public static ulong Of(string key, string value)
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

    /// <summary>The hash as the full-text token the index stores: 16 lowercase hex characters, never an FTS5 keyword.</summary>
    public static void WriteToken(ulong hash, Span<char> destination) =>
        hash.TryFormat(destination, out _, "x16", CultureInfo.InvariantCulture);

    // One multiply per UTF-16 code unit rather than per byte: half the dependent multiplies, and the final
    // avalanche in Of spreads the bits anyway.
    private static ulong Mix(ulong hash, uint unit) => (hash ^ unit) * Prime;
}
