namespace Jaeger.Streaming.Ingester.Storage.Embedded;

/// <summary>
/// One caller's prepared batch waiting for the writer. Whoever holds the writer next commits every waiting batch in
/// one transaction, so concurrent callers share a commit and its fsync; each caller's task completes only once the
/// transaction holding its batch has committed.
/// </summary>
internal sealed class PendingWrite(PreparedSpan[] spans)
{
    private const int Waiting = 0;
    private const int Taken = 1;
    private const int Withdrawn = 2;

    private readonly TaskCompletionSource _committed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _state = Waiting;

    public PreparedSpan[] Spans { get; } = spans;

    /// <summary>Completes when the batch is committed, or fails with the error that rolled its transaction back.</summary>
    public Task Committed => _committed.Task;

    /// <summary>Claims the batch for a transaction; false when its caller withdrew it first.</summary>
    public bool TryTake() => Interlocked.CompareExchange(ref _state, Taken, Waiting) == Waiting;

    /// <summary>Withdraws the batch (its caller gave up waiting); false when a transaction has already taken it.</summary>
    public bool TryWithdraw() => Interlocked.CompareExchange(ref _state, Withdrawn, Waiting) == Waiting;

    public void Succeed() => _committed.TrySetResult();

    public void Fail(Exception error) => _committed.TrySetException(error);
}
