using Jaeger.Streaming.Schemas.Tls;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Collector.Boundary.Tls;

/// <summary>
/// B1: TLS and mTLS on the OTLP listeners (gRPC, HTTP, sampling), bound from <c>Collector:Tls</c>; the admin port stays
/// plaintext for probes. The options, checks, certificate reload and client-certificate trust are the shape the query
/// shares (schemas/Tls/); the hosting applies the registered <see cref="ListenerTls"/> to each OTLP listener.
/// </summary>
internal static class OtlpTls
{
    public const string Section = "Collector:Tls";

    public static IServiceCollection AddOtlpTls(this IServiceCollection services) => services.AddListenerTls(Section);
}
