namespace Jaeger.Streaming.Query.Storage;

/// <summary>A read that would load more spans than the reader may hold at once; the message names the limit and its setting.</summary>
internal sealed class TraceReadTooLargeException : Exception
{
    public TraceReadTooLargeException()
    {
    }

    public TraceReadTooLargeException(string message)
        : base(message)
    {
    }

    public TraceReadTooLargeException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
