namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>One document to index: where, under which id, its JSON, and what it is, for error messages.</summary>
internal sealed record BulkItem(string Index, string Id, byte[] Source, string What)
{
    /// <summary>The service/operation pair a service document records; null for span documents.</summary>
    public ServiceOperation? Service { get; init; }

    /// <summary>The bytes this item adds to a <c>_bulk</c> body: action line, source line and their newlines.</summary>
    public int Size => Source.Length + Index.Length + Id.Length + 34;
}

/// <summary>A document Elasticsearch refused for good (a mapping error, say): it will not be retried.</summary>
internal sealed record RejectedDocument(BulkItem Item, int Status, string ErrorType, string Reason)
{
    public override string ToString() => $"{Item.What} into index '{Item.Index}' (id {Item.Id}): HTTP {Status} {ErrorType}: {Reason}";
}
