using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// JSON web tokens, signed (three parts) or encrypted (five): base64url parts split by dots, the first starting
/// <c>eyJ</c>, which is how every JSON object header encodes.
/// </summary>
internal sealed partial class JwtDetector() : RegexDetector(DetectorNames.Jwt)
{
    /// <summary>How every JSON object header starts once base64url-encoded.</summary>
    internal const string HeaderStart = "eyJ";

    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) =>
        profile.HasSecretPrefix && text.Contains(HeaderStart, StringComparison.Ordinal);

    protected override Regex Pattern => Jwt();

    [GeneratedRegex(@"(?<![A-Za-z0-9_\-])eyJ[A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]*){2,4}", RegexOptions.CultureInvariant)]
    private static partial Regex Jwt();
}
