namespace Jaeger.Streaming.Query.Boundary.Proxies;

/// <summary>
/// The reverse proxies in front of the query service, bound from <c>Query:ForwardedHeaders</c>. A request from one of
/// them is taken to be from the client its <c>X-Forwarded-For</c> names (and over the scheme and to the host its
/// <c>X-Forwarded-Proto</c> and <c>X-Forwarded-Host</c> name), so that the audit log records the client's address, the
/// login exchange's rate limit counts each client on its own instead of everyone behind the proxy together, and the
/// login's callback is checked against the host the browser addressed.
/// </summary>
public sealed class ForwardedHeadersSettings
{
    public const string Section = "Query:ForwardedHeaders";

    /// <summary>
    /// Addresses (<c>10.0.0.5</c>) or networks (<c>10.0.0.0/8</c>, <c>fd00::/8</c>) of the proxies whose forwarding
    /// headers are believed; a chain of them is followed back to the first address not in the list. Empty (the
    /// default): the headers are ignored, since from anyone else they are whatever the client chose to send.
    /// </summary>
    public List<string> TrustedProxies { get; set; } = [];
}
