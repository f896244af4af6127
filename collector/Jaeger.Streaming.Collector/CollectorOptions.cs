namespace Jaeger.Streaming.Collector;

/// <summary>The collector's listeners and request limits. Bound from the <c>Collector</c> configuration section.</summary>
public sealed class CollectorOptions
{
    public const string Section = "Collector";

    /// <summary>OTLP/gRPC port, HTTP/2 only. Default 4317.</summary>
    public int GrpcPort { get; set; } = 4317;

    /// <summary>OTLP/HTTP port (<c>POST /v1/traces</c>). Default 4318.</summary>
    public int HttpPort { get; set; } = 4318;

    /// <summary>Admin port: <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c>. Default 14269.</summary>
    public int AdminPort { get; set; } = 14269;

    /// <summary>The IP address to listen on. Empty (the default) means every address, IPv4 and IPv6.</summary>
    public string ListenAddress { get; set; } = "";

    /// <summary>
    /// The largest request accepted, in bytes, on both receivers; for gzip bodies it bounds the inflated size too.
    /// Default 64 MiB, as the OTLP specification recommends.
    /// </summary>
    public long MaxRequestBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>
    /// The most request-body bytes all requests in flight may hold together, on both receivers. A request that would
    /// go over it is refused before its body is buffered (or as soon as its growing body would go over it): HTTP 503
    /// with <c>Retry-After</c>, gRPC <c>UNAVAILABLE</c> with <c>RetryInfo</c>. At least <see cref="MaxRequestBodyBytes"/>.
    /// Default 256 MiB, four bodies of the default maximum.
    /// </summary>
    public long MaxRequestBytesInFlight { get; set; } = 256L * 1024 * 1024;
}
