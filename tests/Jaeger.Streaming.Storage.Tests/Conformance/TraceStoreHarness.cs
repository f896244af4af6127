using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Storage.Tests.Conformance;

/// <summary>
/// One backend's two halves, paired over one isolated store, as the conformance suite sees them.
/// A backend supplies this and nothing else; the suite uses only <see cref="ITraceWriter"/> and <see cref="ITraceReader"/>.
/// </summary>
public abstract class TraceStoreHarness : IAsyncDisposable
{
    public abstract ITraceWriter Writer { get; }

    public abstract ITraceReader Reader { get; }

    /// <summary>Makes completed writes visible to searches (an index refresh, say). A no-op where they already are.</summary>
    public virtual Task MakeWritesVisibleAsync() => Task.CompletedTask;

    /// <summary>Replaces writer and reader with new instances over the same stored data, as a restart would.</summary>
    public abstract Task RestartAsync();

    public abstract ValueTask DisposeAsync();
}
