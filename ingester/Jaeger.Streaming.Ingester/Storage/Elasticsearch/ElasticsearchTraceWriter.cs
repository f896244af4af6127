using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>
/// The Elasticsearch backend's writer: each span as Jaeger's span document in its day's (or the write alias's)
/// index, plus a service document for each service/operation pair not written recently. The task completes when
/// Elasticsearch has acknowledged every document, or refused it for good and the refusal was handed to the
/// <see cref="IRejectedDocumentSink"/>; so the ingester stores offsets only after the write has landed.
/// </summary>
internal sealed class ElasticsearchTraceWriter(
    IndexTemplateInstaller templates,
    BulkIndexer indexer,
    ServiceOperationCache services,
    IRejectedDocumentSink rejections,
    ElasticsearchOptions connection,
    ElasticsearchWriterOptions options) : ITraceWriter
{
    public async Task WriteAsync(string tenant, IReadOnlyList<ResourceSpans> batch, CancellationToken cancellationToken)
    {
        TenantName.Require(tenant, nameof(tenant));
        var names = JaegerIndexNames.For(connection, tenant);
        await templates.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        var rejected = new List<RejectedDocument>();
        foreach (var chunk in BulkRequestBody.Chunk(Documents(tenant, names, batch), options.MaxBulkBytes, options.MaxBulkDocuments))
        {
            var refused = await indexer.IndexAsync(chunk, cancellationToken).ConfigureAwait(false);
            rejected.AddRange(refused);
            foreach (var item in chunk)
            {
                if (item.Service is { } pair && !refused.Any(r => ReferenceEquals(r.Item, item)))
                {
                    services.Written(pair);
                }
            }
        }

        if (rejected.Count > 0)
        {
            await rejections.RejectAsync(tenant, rejected, cancellationToken).ConfigureAwait(false);
        }
    }

    private IEnumerable<BulkItem> Documents(string tenant, JaegerIndexNames names, IReadOnlyList<ResourceSpans> batch)
    {
        var pending = new HashSet<ServiceOperation>();
        foreach (var resourceSpans in batch)
        {
            var service = JaegerSpanDocument.ServiceName(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    var start = JaegerSpanDocument.Start(span);
                    yield return new BulkItem(
                        names.SpanWriteIndex(start),
                        JaegerSpanDocument.Id(tenant, span),
                        JaegerSpanDocument.ToUtf8(tenant, resourceSpans, scopeSpans, span),
                        $"span {JaegerSpanDocument.Hex(span.TraceId)}/{JaegerSpanDocument.Hex(span.SpanId)} of service '{service}'");

                    var kind = JaegerSpanDocument.KindName(span.Kind);
                    var pair = new ServiceOperation(tenant, names.ServiceWriteIndex(start), service, span.Name, kind);
                    if (!services.IsFresh(pair) && pending.Add(pair))
                    {
                        yield return new BulkItem(
                            pair.Index,
                            JaegerServiceDocument.Id(tenant, service, span.Name, kind),
                            JaegerServiceDocument.ToUtf8(tenant, service, span.Name, kind),
                            $"operation '{span.Name}' of service '{service}'") { Service = pair };
                    }
                }
            }
        }
    }
}
