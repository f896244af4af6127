using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>
/// The Elasticsearch backend's prepared form of one tenant's spans: each span's document, and the service/operation
/// pairs they use, whose service documents are decided at write time (only pairs not written recently get one).
/// </summary>
internal sealed class ElasticsearchPreparedSpans(string tenant, BulkItem[] spans, ServiceOperation[] operations) : PreparedSpans(tenant, spans.Length)
{
    public BulkItem[] Spans { get; } = spans;

    public ServiceOperation[] Operations { get; } = operations;
}
