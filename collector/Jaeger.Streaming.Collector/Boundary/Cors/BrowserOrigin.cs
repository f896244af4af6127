using System.Text.RegularExpressions;

namespace Jaeger.Streaming.Collector.Boundary.Cors;

/// <summary>
/// One entry of <see cref="BrowserOriginsOptions.AllowedOrigins"/>, matched against a request's <c>Origin</c> the way
/// browsers serialize it: lowercase scheme and host, a port only when it is not the scheme's default, no path.
/// </summary>
internal sealed partial class BrowserOrigin
{
    private readonly string _scheme;
    private readonly string _host;
    private readonly bool _anySubdomain;
    private readonly string _port;

    private BrowserOrigin(string scheme, string host, bool anySubdomain, string port)
    {
        _scheme = scheme;
        _host = host;
        _anySubdomain = anySubdomain;
        _port = port;
    }

    /// <summary>The entry as a pattern, or null with the reason when it is not one (<c>*</c> is handled by the caller).</summary>
    public static BrowserOrigin? Parse(string entry, out string problem)
    {
        var match = Pattern().Match(entry);
        if (!match.Success)
        {
            problem = "is not an origin: write scheme://host[:port] with no path, such as https://app.example.com or https://*.example.com";
            return null;
        }

        var scheme = match.Groups["scheme"].Value.ToLowerInvariant();
        var port = match.Groups["port"].Value;
        if (port.Length > 0 && (int.Parse(port, System.Globalization.CultureInfo.InvariantCulture) is 0 or > 65535))
        {
            problem = $"has port {port}, which is not a TCP port";
            return null;
        }

        problem = "";
        return new BrowserOrigin(scheme, match.Groups["host"].Value.ToLowerInvariant(), match.Groups["wildcard"].Success, ExplicitPort(scheme, port));
    }

    public bool Matches(string origin)
    {
        var match = Pattern().Match(origin);
        if (!match.Success || match.Groups["wildcard"].Success
            || !string.Equals(match.Groups["scheme"].Value, _scheme, StringComparison.OrdinalIgnoreCase)
            || ExplicitPort(_scheme, match.Groups["port"].Value) != _port)
        {
            return false;
        }

        var host = match.Groups["host"].Value;
        return _anySubdomain
            ? host.Length > _host.Length + 1 && host.EndsWith(_host, StringComparison.OrdinalIgnoreCase) && host[^(_host.Length + 1)] == '.'
            : string.Equals(host, _host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>The port as browsers write it in an origin: none for the scheme's default.</summary>
    private static string ExplicitPort(string scheme, string port) =>
        port == (string.Equals(scheme, "https", StringComparison.OrdinalIgnoreCase) ? "443" : "80") ? "" : port;

    // Host names and IPv4 addresses; an IPv6 literal ([::1]) is refused, as no page in production is served from one.
    [GeneratedRegex(@"^(?<scheme>https?)://(?<wildcard>\*\.)?(?<host>[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*)(?::(?<port>[0-9]{1,5}))?$", RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();
}
