namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// The store cannot serve reads now (its file unreadable, a schema this release does not read). The message says why
/// and what to do, for the operator's log; the query API answers its callers 503 without it.
/// </summary>
public sealed class TraceStoreUnavailableException : Exception
{
    public TraceStoreUnavailableException()
    {
    }

    public TraceStoreUnavailableException(string message)
        : base(message)
    {
    }

    public TraceStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
