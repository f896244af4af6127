using Jaeger.Streaming.Collector.Sampling.Adaptive;

namespace Jaeger.Streaming.Collector.Sampling;

/// <summary>
/// Remote sampling: the strategies the collector serves to SDKs on <c>GET /api/sampling?service=S</c> and through gRPC
/// <c>SamplingManager</c> (docs/sampling.md).
/// Bound from <c>Collector:Sampling</c>. The default is Jaeger's: the <c>File</c> store, which with no file serves
/// every service a probabilistic strategy of <see cref="DefaultProbability"/>.
/// </summary>
internal sealed class SamplingOptions
{
    public const string Section = "Collector:Sampling";

    /// <summary><c>File</c> (the default), <c>Adaptive</c>, or <c>Off</c> (no sampling listener at all).</summary>
    public SamplingMode Mode { get; set; } = SamplingMode.File;

    /// <summary>Port of the remote-sampling HTTP listener (TLS as the OTLP listeners when <c>Collector:Tls</c> is set). Default 5778.</summary>
    public int Port { get; set; } = 5778;

    /// <summary>
    /// Port of the remote-sampling gRPC listener, <c>jaeger.api_v2.SamplingManager</c> (HTTP/2; TLS as the OTLP
    /// listeners). Default 14250, where Jaeger and OpenTelemetry Java's <c>JaegerRemoteSampler</c> expect it.
    /// </summary>
    public int GrpcPort { get; set; } = 14250;

    /// <summary>
    /// <c>File</c> mode: a Jaeger strategies file (<c>service_strategies</c>, <c>default_strategy</c>). Empty (the default)
    /// serves <see cref="DefaultProbability"/> to every service.
    /// </summary>
    public string StrategiesFile { get; set; } = "";

    /// <summary><c>File</c> mode: how often the file is checked for changes. Default 00:00:10.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The probability served when nothing more specific applies (Jaeger's 0.001). Default 0.001.</summary>
    public double DefaultProbability { get; set; } = 0.001;

    /// <summary>Adaptive mode: targets, bounds, intervals and the Kafka topics that coordinate collectors.</summary>
    public AdaptiveSamplingOptions Adaptive { get; set; } = new();
}

/// <summary>Where the served strategies come from.</summary>
internal enum SamplingMode
{
    File,
    Adaptive,
    Off,
}
