namespace Jaeger.Streaming.Collector.Hosting;

/// <summary>The collector's listeners. An endpoint carrying one is served only on that listener's port.</summary>
internal enum CollectorListener
{
    Grpc,
    Http,
    Admin,
    Sampling,
    SamplingGrpc,
}
