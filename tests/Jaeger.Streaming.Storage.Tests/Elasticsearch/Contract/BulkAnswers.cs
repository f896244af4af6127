using System.Text.Json;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

/// <summary>Recorded <c>_bulk</c> answers in Elasticsearch's format: one item per document, with an error for each failure.</summary>
internal static class BulkAnswers
{
    public static string Items(params int[] statuses)
    {
        var items = statuses.Select((status, i) => status is >= 200 and < 300
            ? (object)new { index = new { _index = "jaeger-span-2026-11-23", _id = $"doc-{i}", _version = 1, result = "created", status } }
            : new { index = new { _index = "jaeger-span-2026-11-23", _id = $"doc-{i}", status, error = Error(status) } });
        return JsonSerializer.Serialize(new { took = 3, errors = statuses.Any(s => s >= 300), items });
    }

    private static object Error(int status) => status switch
    {
        429 => new { type = "es_rejected_execution_exception", reason = "rejected execution of coordinating operation" },
        400 => new { type = "mapper_parsing_exception", reason = "failed to parse field [startTime] of type [long]" },
        _ => new { type = "unavailable_shards_exception", reason = "primary shard is not active" },
    };
}
