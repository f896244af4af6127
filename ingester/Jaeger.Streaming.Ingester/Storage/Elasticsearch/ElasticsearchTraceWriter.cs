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
    public PreparedSpans Prepare(string tenant, IReadOnlyList<ResourceSpans> spans)
    {
        TenantName.Require(tenant, nameof(tenant));
        var names = JaegerIndexNames.For(connection, tenant);
        var indices = new DailyIndices(names);
        var documents = new List<BulkItem>();
        var operations = new List<ServiceOperation>();
        foreach (var resourceSpans in spans)
        {
            var service = JaegerSpanDocument.ServiceName(resourceSpans.Resource);
            var what = $"span of service '{service}'";
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var encoder = new StoredSpanEncoder(resourceSpans, scopeSpans);
                foreach (var span in scopeSpans.Spans)
                {
                    var (spanIndex, serviceIndex) = indices.For(JaegerSpanDocument.Start(span));
                    documents.Add(new BulkItem(
                        spanIndex,
                        JaegerSpanDocument.Id(tenant, span),
                        JaegerSpanDocument.ToUtf8(tenant, service, resourceSpans, scopeSpans, span, encoder),
                        what));

                    var pair = new ServiceOperation(tenant, serviceIndex, service, span.Name, JaegerSpanDocument.KindName(span.Kind));
                    if (!operations.Contains(pair))
                    {
                        operations.Add(pair);
                    }
                }
            }
        }

        return new ElasticsearchPreparedSpans(tenant, [.. documents], [.. operations]);
    }

    /// <summary>One tenant's spans after another, each tenant in bounded <c>_bulk</c> requests; refusals go to the sink per tenant.</summary>
    public async Task WriteAsync(IReadOnlyList<PreparedSpans> batch, CancellationToken cancellationToken)
    {
        var prepared = PreparedSpans.Of<ElasticsearchPreparedSpans>(batch, nameof(ElasticsearchTraceWriter));
        await templates.EnsureInstalledAsync(cancellationToken).ConfigureAwait(false);
        foreach (var tenant in prepared.Select(spans => spans.Tenant).Distinct(StringComparer.Ordinal))
        {
            var rejected = new List<RejectedDocument>();
            foreach (var chunk in BulkRequestBody.Chunk(Documents(tenant, prepared), options.MaxBulkBytes, options.MaxBulkDocuments))
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
    }

    /// <summary>The tenant's span documents, each record's followed by service documents for its pairs not written recently.</summary>
    private IEnumerable<BulkItem> Documents(string tenant, ElasticsearchPreparedSpans[] prepared)
    {
        var pending = new HashSet<ServiceOperation>();
        foreach (var spans in prepared)
        {
            if (spans.Tenant != tenant)
            {
                continue;
            }

            foreach (var span in spans.Spans)
            {
                yield return span;
            }

            foreach (var pair in spans.Operations)
            {
                if (!services.IsFresh(pair) && pending.Add(pair))
                {
                    yield return new BulkItem(
                        pair.Index,
                        JaegerServiceDocument.Id(tenant, pair.Service, pair.Operation, pair.SpanKind),
                        JaegerServiceDocument.ToUtf8(tenant, pair.Service, pair.Operation, pair.SpanKind),
                        $"operation '{pair.Operation}' of service '{pair.Service}'") { Service = pair };
                }
            }
        }
    }

    /// <summary>The day's span and service write indices, named once per day a record's spans start on rather than per span.</summary>
    private sealed class DailyIndices(JaegerIndexNames names)
    {
        private DateOnly _day;
        private (string Span, string Service) _indices;

        public (string Span, string Service) For(DateTimeOffset start)
        {
            var day = DateOnly.FromDateTime(start.UtcDateTime);
            if (_indices.Span is null || day != _day)
            {
                (_day, _indices) = (day, (names.SpanWriteIndex(start), names.ServiceWriteIndex(start)));
            }

            return _indices;
        }
    }
}
