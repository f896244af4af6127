using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios.Engines;

/// <summary>
/// One storage engine writing what the embedded store writes, for the engine comparison (<see cref="StoreEnginesScenario"/>):
/// each record prepared as the embedded store prepares it, then the batch stored durably, so that a write that has
/// returned survives a power loss, as the ingester's offset commits require (DESIGN §3).
/// </summary>
internal interface IStoreEngine : IDisposable
{
    string Key { get; }

    string What { get; }

    Task WriteAsync(ExportTraceServiceRequest[] traces, CancellationToken cancellationToken);

    /// <summary>Bytes in the engine's directory now.</summary>
    long BytesOnDisk();
}
