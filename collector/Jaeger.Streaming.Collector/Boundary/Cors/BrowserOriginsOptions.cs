namespace Jaeger.Streaming.Collector.Boundary.Cors;

/// <summary>
/// Which web pages may send spans to OTLP/HTTP from the browser (the OpenTelemetry JS web SDK's OTLP exporter): the
/// CORS policy of <c>POST /v1/traces</c>, as the OpenTelemetry Collector's <c>cors</c> setting. Bound from
/// <c>Collector:Cors</c>. Empty by default: no page of another origin may send spans.
/// </summary>
public sealed class BrowserOriginsOptions
{
    public const string Section = "Collector:Cors";

    /// <summary>
    /// Origins allowed to send spans: <c>https://app.example.com</c> (a port when not the scheme's default),
    /// <c>https://*.example.com</c> for every subdomain of one domain, or <c>*</c> for any page on the web.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];

    /// <summary>
    /// Request headers the pages may send beyond <c>Content-Type</c> and <c>Content-Encoding</c>, such as
    /// <c>Authorization</c> when producers authenticate, or <c>x-tenant</c>; <c>*</c> for any.
    /// </summary>
    public List<string> AllowedHeaders { get; set; } = [];

    /// <summary>How long a browser may keep a preflight's answer. Default 10 minutes; browsers cap it (Chromium at 2 hours).</summary>
    public TimeSpan MaxAge { get; set; } = TimeSpan.FromMinutes(10);
}
