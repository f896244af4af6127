namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>
/// Where documents Elasticsearch refused for good (mapping errors and other non-retryable item errors) go, so a
/// poison span neither blocks its partition forever nor disappears. The write completes after this does.
/// </summary>
internal interface IRejectedDocumentSink
{
    Task RejectAsync(string tenant, IReadOnlyList<RejectedDocument> rejected, CancellationToken cancellationToken);
}
