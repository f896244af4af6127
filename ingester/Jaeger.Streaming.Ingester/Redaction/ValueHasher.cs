using System.Buffers;
using System.Security.Cryptography;
using System.Text;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// The <c>hash</c> action: HMAC-SHA256 under a secret key, shown as <c>[HASH:</c> + the first 16 hex digits (64 bits)
/// + <c>]</c>. Equal values give equal tokens, so they still join across spans, but without the key a token cannot be
/// confirmed by hashing guesses, as a plain hash of an e-mail could.
/// </summary>
internal sealed class ValueHasher(byte[] key)
{
    private const int TokenHexDigits = 16;

    public string Token(ReadOnlySpan<char> value)
    {
        var byteCount = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = byteCount > 512 ? ArrayPool<byte>.Shared.Rent(byteCount) : null;
        try
        {
            var buffer = rented ?? stackalloc byte[byteCount];
            var written = Encoding.UTF8.GetBytes(value, buffer);
            Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
            HMACSHA256.HashData(key, buffer[..written], mac);
            return $"[HASH:{Convert.ToHexStringLower(mac[..(TokenHexDigits / 2)])}]";
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    /// <summary>Reads the key file: surrounding whitespace (a trailing newline) is not part of the key.</summary>
    public static byte[] ReadKey(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var start = 0;
        var end = bytes.Length;
        while (start < end && IsWhiteSpace(bytes[start]))
        {
            start++;
        }

        while (end > start && IsWhiteSpace(bytes[end - 1]))
        {
            end--;
        }

        return bytes[start..end];
    }

    private static bool IsWhiteSpace(byte b) => b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n';
}
