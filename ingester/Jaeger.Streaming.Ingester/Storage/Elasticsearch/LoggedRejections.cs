using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>The default <see cref="IRejectedDocumentSink"/>: one error log line per refused document, naming index, id, type and reason.</summary>
internal sealed partial class LoggedRejections(ILogger<LoggedRejections> logger) : IRejectedDocumentSink
{
    public Task RejectAsync(string tenant, IReadOnlyList<RejectedDocument> rejected, CancellationToken cancellationToken)
    {
        foreach (var document in rejected)
        {
            Refused(logger, tenant, document.ToString());
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Elasticsearch refused a document of tenant {Tenant} for good; it is not stored: {Document}")]
    private static partial void Refused(ILogger logger, string tenant, string document);
}
