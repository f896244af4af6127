using System.Text;
using FsCheck;
using FsCheck.Fluent;

namespace Jaeger.Streaming.Redaction.Tests;

/// <summary>Generators of secrets and of the harmless text they hide in.</summary>
internal static class SecretGenerators
{
    private static readonly char[] Letters = "abcdefghijklmnopqrstuvwxyz".ToCharArray();
    private static readonly char[] LocalChars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._%+-".ToCharArray();
    private static readonly char[] Base64UrlChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".ToCharArray();

    /// <summary>Filler words and separators: prose, ids and punctuation, none of which a detector should take for a secret.</summary>
    private static readonly string[] Filler =
    [
        " ", " ", ", ", "; ", "\n", "the", "order", "ORD-2024-000123", "status=ok", "2024-01-15T10:30:00Z", "(", ")",
        "GET /api/v1/items", "retry", "42", "user", "sent", "to", "from", "4bf92f3577b34da6a3ce929d0e0e4736", ":", "=", "\"",
    ];

    public static Gen<string> Email =>
        from local in Text(LocalChars, 1, 20).Where(text => text[0] != '.' && text[^1] != '.' && !text.Contains(".."))
        from labels in Gen.ListOf(Text(Letters, 1, 10), 1).SelectMany(first => Gen.Choose(1, 3).SelectMany(count => Gen.ListOf(Text(Letters, 1, 10), count)))
        from tld in Text(Letters, 2, 6)
        select $"{local}@{string.Join('.', labels)}.{tld}";

    public static Gen<string> Card =>
        from prefix in Gen.Elements("4", "51", "55", "2221", "34", "37", "6011", "65")
        from length in Gen.Elements(prefix is "34" or "37" ? [15] : prefix == "4" ? new[] { 13, 16, 19 } : [16])
        from body in Gen.ArrayOf(Gen.Choose(0, 9), length - prefix.Length - 1)
        from separator in Gen.Elements("", " ", "-")
        select Group(WithLuhnDigit(prefix + string.Concat(body)), separator);

    public static Gen<string> Jwt =>
        from subject in Text(LocalChars, 1, 30)
        from signature in Text(Base64UrlChars, 0, 86)
        select $"{Base64Url("{\"alg\":\"HS256\",\"typ\":\"JWT\"}")}.{Base64Url($"{{\"sub\":\"{subject}\"}}")}.{signature}";

    public static Gen<string> AnySecret => Gen.OneOf(Email, Card, Jwt);

    /// <summary>Random harmless text with the secret at a random position, set off by a separator as secrets are in real text.</summary>
    public static Gen<string> Embed(string secret) =>
        from before in Gen.ListOf(Gen.Elements(Filler), 0).Select(string.Concat)
        from after in Gen.ListOf(Gen.Elements(Filler), 0).Select(string.Concat)
        from open in Gen.Elements(" ", "(", "\"", "<", "=", ": ", "\n")
        from close in Gen.Elements(" ", ")", "\"", ">", ", ", ";", "\n")
        select before + open + secret + close + after;

    private static Gen<string> Text(char[] alphabet, int min, int max) =>
        Gen.Choose(min, max).SelectMany(length => Gen.ArrayOf(Gen.Elements(alphabet), length)).Select(chars => new string(chars));

    private static string WithLuhnDigit(string digits)
    {
        for (var check = 0; check <= 9; check++)
        {
            if (Ingester.Redaction.Detectors.PaymentCardDetector.PassesLuhn(digits + check))
            {
                return digits + check;
            }
        }

        throw new InvalidOperationException("Some check digit always satisfies Luhn.");
    }

    private static string Group(string digits, string separator)
    {
        var grouped = new StringBuilder();
        for (var i = 0; i < digits.Length; i += 4)
        {
            grouped.Append(i == 0 ? "" : separator).Append(digits.AsSpan(i, Math.Min(4, digits.Length - i)));
        }

        return grouped.ToString();
    }

    private static string Base64Url(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
