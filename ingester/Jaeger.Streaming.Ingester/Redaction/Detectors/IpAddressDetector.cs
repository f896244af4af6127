using System.Net;
using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// IPv4 addresses (dotted quads of 0–255) and IPv6 addresses that parse as such. Off by default. Version strings
/// with four numeric parts (<c>1.2.3.4</c>) look the same as addresses and are redacted too.
/// </summary>
internal sealed partial class IpAddressDetector() : ValueDetector(DetectorNames.Ip)
{
    public override bool CanMatchQuietText => true;

    public override bool MightContain(ReadOnlySpan<char> text, in TextProfile profile) =>
        (profile.Digits >= 4 && text.Contains('.')) || text.Contains(':');

    public override void Find(ReadOnlySpan<char> text, DetectedRanges found, int source)
    {
        foreach (var match in IPv4().EnumerateMatches(text))
        {
            found.Add(match.Index, match.Length, source);
        }

        foreach (var match in IPv6Candidate().EnumerateMatches(text))
        {
            var candidate = text.Slice(match.Index, match.Length);
            if (candidate.Count(':') >= 2 && IPAddress.TryParse(candidate, out var address)
                && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6)
            {
                found.Add(match.Index, match.Length, source);
            }
        }
    }

    [GeneratedRegex(@"(?<![\w.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?!\w|\.\d)", RegexOptions.CultureInvariant)]
    private static partial Regex IPv4();

    [GeneratedRegex(@"(?<![\w:.])[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f]{0,4}){2,7}(?:(?<=:)(?:\d{1,3}\.){3}\d{1,3})?(?![\w:])", RegexOptions.CultureInvariant)]
    private static partial Regex IPv6Candidate();
}
