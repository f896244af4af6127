using Jaeger.Streaming.Schemas.Tls;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Query.Boundary.Tls;

/// <summary>
/// B4: TLS, and client certificates when configured, on the API port (<c>Query:Port</c>), bound from <c>Query:Tls</c>;
/// the admin port stays plaintext for probes. Issue 7 asks for the same options shape as the collector's
/// <c>Collector:Tls</c>, so both use schemas/Tls/; the hosting applies the registered <see cref="ListenerTls"/>.
/// </summary>
internal static class ApiTls
{
    public const string Section = "Query:Tls";

    /// <summary>The API listener's name in the plaintext warning.</summary>
    public const string Listener = "Query API";

    public static IServiceCollection AddApiTls(this IServiceCollection services) => services.AddListenerTls(Section);
}
