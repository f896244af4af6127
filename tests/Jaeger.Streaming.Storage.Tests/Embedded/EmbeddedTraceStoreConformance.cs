using Jaeger.Streaming.Storage.Tests.Conformance;

namespace Jaeger.Streaming.Storage.Tests.Embedded;

/// <summary>The storage conformance suite on the embedded SQLite store, which always runs.</summary>
public sealed class EmbeddedTraceStoreConformance : TraceStoreConformance
{
    protected override Task<TraceStoreHarness> OpenStoreAsync() => Task.FromResult<TraceStoreHarness>(new EmbeddedStoreHarness());
}
