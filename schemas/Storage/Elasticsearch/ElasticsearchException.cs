namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// Elasticsearch refused a request, or no node answered. The message names what was asked (the index), the HTTP
/// status and Elasticsearch's error type and reason, so the log line alone says what to fix.
/// </summary>
public sealed class ElasticsearchException : Exception
{
    public ElasticsearchException(string message, int statusCode = 0, string? errorType = null, string? index = null, Exception? inner = null)
        : base(message, inner)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
        Index = index;
    }

    public ElasticsearchException()
    {
    }

    public ElasticsearchException(string message)
        : base(message)
    {
    }

    public ElasticsearchException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The HTTP status, or 0 when no node answered.</summary>
    public int StatusCode { get; }

    /// <summary>Elasticsearch's <c>error.type</c>, for example <c>security_exception</c> or <c>index_not_found_exception</c>.</summary>
    public string? ErrorType { get; }

    public string? Index { get; }

    /// <summary>Whether trying again later may succeed: throttling, an overloaded or unreachable cluster.</summary>
    public bool IsTransient => StatusCode is 0 or 429 or >= 500;
}
