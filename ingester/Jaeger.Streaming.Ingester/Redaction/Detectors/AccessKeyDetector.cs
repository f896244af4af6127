using System.Buffers;
using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// Access keys whose vendors give them a recognisable prefix: AWS key ids (<c>AKIA</c>, <c>ASIA</c>, …), GitHub
/// (<c>ghp_</c>, <c>gho_</c>, <c>ghu_</c>, <c>ghs_</c>, <c>ghr_</c>, <c>github_pat_</c>), GitLab (<c>glpat-</c>),
/// Slack (<c>xox?-</c>), Google API keys (<c>AIza</c>), Stripe (<c>sk_live_</c>, <c>rk_live_</c>, test keys) and npm
/// (<c>npm_</c>). Keys without a prefix (an AWS secret key alone, Azure keys) are not detectable by shape.
/// </summary>
internal sealed partial class AccessKeyDetector() : RegexDetector(DetectorNames.AccessKey)
{
    internal static readonly string[] KeyPrefixes =
    [
        "AKIA", "ASIA", "ABIA", "ACCA", "AGPA", "AIDA", "AIPA", "ANPA", "ANVA", "APKA", "AROA",
        "ghp_", "gho_", "ghu_", "ghs_", "ghr_", "github_pat_", "glpat-", "xox", "AIza",
        "sk_live_", "sk_test_", "rk_live_", "rk_test_", "npm_",
    ];

    private static readonly SearchValues<string> Prefixes = SearchValues.Create(KeyPrefixes, StringComparison.Ordinal);

    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) => profile.HasSecretPrefix && text.IndexOfAny(Prefixes) >= 0;

    protected override Regex Pattern => AccessKey();

    [GeneratedRegex(
        @"(?<![A-Za-z0-9])(?:(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|APKA|AROA)[A-Z0-9]{16}(?![A-Za-z0-9])"
        + @"|gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255}|glpat-[A-Za-z0-9_\-]{20,}"
        + @"|xox[abposre]-[A-Za-z0-9\-]{10,}|AIza[A-Za-z0-9_\-]{35}|[sr]k_(?:live|test)_[A-Za-z0-9]{16,}|npm_[A-Za-z0-9]{36})",
        RegexOptions.CultureInvariant)]
    private static partial Regex AccessKey();
}
