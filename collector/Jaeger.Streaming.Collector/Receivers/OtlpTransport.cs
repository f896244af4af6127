namespace Jaeger.Streaming.Collector.Receivers;

/// <summary>How an export arrived; the <c>transport</c> label of the collector's metrics.</summary>
internal enum OtlpTransport
{
    Grpc,
    Http,
}
