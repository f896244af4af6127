using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Tests.Support;

/// <summary>Wraps the real store's writer; the test turns storage down (writes fail), blocks it (writes hang) and heals it.</summary>
internal sealed class StorageSwitch(ITraceWriter real) : ITraceWriter, IDisposable
{
    private readonly Lock _lock = new();
    private TaskCompletionSource _open = Opened();
    private volatile bool _failing;
    private int _attempts;
    private int _failed;
    private int _written;

    public int Attempts => Volatile.Read(ref _attempts);

    public int FailedAttempts => Volatile.Read(ref _failed);

    /// <summary>Writes that reached the real store.</summary>
    public int Writes => Volatile.Read(ref _written);

    public void Fail() => _failing = true;

    public void Block()
    {
        lock (_lock)
        {
            if (_open.Task.IsCompleted)
            {
                _open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    public void Heal()
    {
        _failing = false;
        lock (_lock)
        {
            _open.TrySetResult();
        }
    }

    public PreparedSpans Prepare(string tenant, IReadOnlyList<ResourceSpans> spans) => real.Prepare(tenant, spans);

    public async Task WriteAsync(IReadOnlyList<PreparedSpans> batch, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        Task open;
        lock (_lock)
        {
            open = _open.Task;
        }

        await open.WaitAsync(cancellationToken);
        if (_failing)
        {
            Interlocked.Increment(ref _failed);
            throw new IOException("Storage is unavailable (switched off by the test).");
        }

        await real.WriteAsync(batch, cancellationToken);
        Interlocked.Increment(ref _written);
    }

    public void Dispose() => (real as IDisposable)?.Dispose();

    private static TaskCompletionSource Opened()
    {
        var open = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        open.SetResult();
        return open;
    }
}
