using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Jaeger.Streaming.Collector.Hosting;

/// <summary>
/// How Kestrel serves OTLP: the protocols of the OTLP/HTTP listener and the limits on slow clients. One place, so the
/// benchmark's transport floor measures the very transport the collector runs on.
/// </summary>
internal static class OtlpKestrel
{
    /// <summary>
    /// The protocols of an HTTP listener (OTLP/HTTP, remote sampling over HTTP): HTTP/1.1 and HTTP/2 over TLS, where
    /// the handshake negotiates which; HTTP/1.1 alone in plaintext, where a listener offering both could only speak
    /// HTTP/1.1 anyway and Kestrel would warn about it at every start.
    /// </summary>
    public static HttpProtocols HttpListenerProtocols(bool tls) => tls ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;

    /// <summary>Slow clients (headers then a stall, a trickled body) are cut off instead of holding connections.</summary>
    public static void LimitSlowClients(KestrelServerLimits limits)
    {
        limits.RequestHeadersTimeout = TimeSpan.FromSeconds(10);
        limits.MinRequestBodyDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(10));
        limits.MinResponseDataRate = new MinDataRate(bytesPerSecond: 1024, gracePeriod: TimeSpan.FromSeconds(10));
    }
}
