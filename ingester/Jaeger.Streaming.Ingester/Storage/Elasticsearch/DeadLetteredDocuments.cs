using System.Text;
using Jaeger.Streaming.Ingester.DeadLetters;
using Jaeger.Streaming.Ingester.Decoding;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>
/// The ingester's <see cref="IRejectedDocumentSink"/>: each document Elasticsearch refused for good goes to the
/// dead-letter topic as the JSON it was, keyed by its document id, with the index and the error in its headers.
/// The write completes only once Kafka holds the copy, so nothing refused is lost when offsets move on.
/// </summary>
internal sealed class DeadLetteredDocuments(DeadLetterPublisher deadLetters) : IRejectedDocumentSink
{
    public const string ContentType = "application/json";

    public async Task RejectAsync(string tenant, IReadOnlyList<RejectedDocument> rejected, CancellationToken cancellationToken)
    {
        foreach (var document in rejected)
        {
            await deadLetters.PublishRefusedAsync(
                tenant,
                Encoding.UTF8.GetBytes(document.Item.Id),
                document.Item.Source,
                ContentType,
                $"elasticsearch:{document.Item.Index}",
                new RecordRejection(RecordRejection.RefusedByStorage, document.ToString()),
                cancellationToken).ConfigureAwait(false);
        }
    }
}
