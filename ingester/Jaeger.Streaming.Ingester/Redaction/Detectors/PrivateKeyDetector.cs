using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// PEM private-key blocks (<c>-----BEGIN … PRIVATE KEY-----</c>, including PGP key blocks), from the BEGIN line to
/// the END line; a block cut off before its END line is redacted to the end of the value.
/// </summary>
internal sealed partial class PrivateKeyDetector() : RegexDetector(DetectorNames.PrivateKey)
{
    internal const string BlockStart = "-----BEGIN";

    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) =>
        profile.HasSecretPrefix && text.Contains("PRIVATE KEY", StringComparison.Ordinal);

    protected override Regex Pattern => PemBlock();

    [GeneratedRegex(
        @"-----BEGIN[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----[\s\S]*?(?:-----END[A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|\z)",
        RegexOptions.CultureInvariant)]
    private static partial Regex PemBlock();
}
