namespace Jaeger.Streaming.Schemas.Telemetry;

/// <summary>
/// <c>Telemetry:SelfTracing</c>: the services tracing themselves with the OpenTelemetry SDK. Off by default. When on,
/// every span goes through <see cref="CappedSampler"/>, so a collector that receives its own spans cannot feed itself
/// more than <see cref="MaxSpansPerSecond"/>.
/// </summary>
public sealed class SelfTracingOptions
{
    public const string Section = "Telemetry:SelfTracing";

    /// <summary>Turns self-tracing on. Default <c>false</c>.</summary>
    public bool Enabled { get; set; }

    /// <summary>OTLP endpoint for the spans, an absolute http(s) URL such as <c>http://otel-collector:4317</c>. Required when enabled.</summary>
    public string Endpoint { get; set; } = "";

    /// <summary><c>grpc</c> (default) or <c>http/protobuf</c>, as in <c>OTEL_EXPORTER_OTLP_PROTOCOL</c>.</summary>
    public string Protocol { get; set; } = "grpc";

    /// <summary>Fraction of new traces sampled, 0 to 1. Default 0.01.</summary>
    public double SamplingRatio { get; set; } = 0.01;

    /// <summary>Hard cap on spans recorded per second per process, whatever the ratio and the parent say. Default 10.</summary>
    public int MaxSpansPerSecond { get; set; } = 10;
}
