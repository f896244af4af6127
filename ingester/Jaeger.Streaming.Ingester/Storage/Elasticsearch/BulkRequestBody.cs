using System.Buffers;
using System.IO.Compression;
using System.Text.Json;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>The NDJSON body of a <c>_bulk</c> request, and the splitting of documents into bounded requests.</summary>
internal static class BulkRequestBody
{
    /// <summary>
    /// <c>{"index":{"_index":…,"_id":…}}</c> then the document, each on its own line, written over what
    /// <paramref name="buffer"/> held. The body stays in <paramref name="buffer"/>, which the caller reuses: a body is
    /// megabytes, and allocating one per request cost the ingester more CPU than the documents in it (docs/performance.md).
    /// </summary>
    public static ReadOnlyMemory<byte> Build(IReadOnlyList<BulkItem> items, ArrayBufferWriter<byte> buffer)
    {
        buffer.ResetWrittenCount();
        buffer.GetSpan(Size(items));
        using var json = new Utf8JsonWriter(buffer);
        foreach (var item in items)
        {
            json.Reset();
            json.WriteStartObject();
            json.WriteStartObject("index");
            json.WriteString("_index", item.Index);
            json.WriteString("_id", item.Id);
            json.WriteEndObject();
            json.WriteEndObject();
            json.Flush();
            buffer.Write("\n"u8);
            buffer.Write(item.Source);
            buffer.Write("\n"u8);
        }

        return buffer.WrittenMemory;
    }

    /// <summary>
    /// <paramref name="body"/> gzipped (fastest level: bulk NDJSON compresses about tenfold even so) over what
    /// <paramref name="buffer"/> held, which the caller reuses as it does the body's.
    /// </summary>
    public static ReadOnlyMemory<byte> Gzip(ReadOnlyMemory<byte> body, MemoryStream buffer)
    {
        buffer.SetLength(0);
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(body.Span);
        }

        return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
    }

    /// <summary>
    /// Groups <paramref name="items"/> into requests of at most <paramref name="maxBytes"/> and
    /// <paramref name="maxDocuments"/>, lazily, so only one request's documents exist at a time. A document larger
    /// than <paramref name="maxBytes"/> goes alone.
    /// </summary>
    public static IEnumerable<List<BulkItem>> Chunk(IEnumerable<BulkItem> items, int maxBytes, int maxDocuments)
    {
        var chunk = new List<BulkItem>();
        var bytes = 0;
        foreach (var item in items)
        {
            if (chunk.Count > 0 && (chunk.Count >= maxDocuments || bytes + item.Size > maxBytes))
            {
                yield return chunk;
                chunk = [];
                bytes = 0;
            }

            chunk.Add(item);
            bytes += item.Size;
        }

        if (chunk.Count > 0)
        {
            yield return chunk;
        }
    }

    private static int Size(IReadOnlyList<BulkItem> items)
    {
        var size = 0;
        foreach (var item in items)
        {
            size += item.Size;
        }

        return size;
    }
}
