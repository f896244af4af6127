using System.Text.Json;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;

namespace Jaeger.Streaming.Ingester.Storage.Elasticsearch;

/// <summary>The per-item results of a <c>_bulk</c> answer, in request order.</summary>
internal static class BulkResponse
{
    public readonly record struct ItemResult(int Status, string? ErrorType, string? Reason)
    {
        public bool Succeeded => Status is >= 200 and < 300;

        /// <summary>Throttled or a node's trouble: sending the item again may work. Anything else (mapping errors) will not.</summary>
        public bool IsTransient => Status is 429 or >= 500;
    }

    public static ItemResult[] Parse(ElasticsearchResponse response, int expected)
    {
        using var json = response.Json();
        var root = json.RootElement;
        if (!root.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array || items.GetArrayLength() != expected)
        {
            throw new ElasticsearchException(
                $"_bulk answer from {response.Node.GetLeftPart(UriPartial.Authority)} does not list {expected} items; the write is not known to have landed.");
        }

        var results = new ItemResult[expected];
        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            // Each item is {"<action>": {"status": ..., ...}}; we only send "index". An item without a status may have
            // landed or not, so the write fails as a whole and is sent again (the ids make that idempotent).
            var body = item.ValueKind == JsonValueKind.Object ? item.EnumerateObject().FirstOrDefault().Value : default;
            if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("status", out var s) || s.ValueKind != JsonValueKind.Number || !s.TryGetInt32(out var status))
            {
                throw new ElasticsearchException(
                    $"_bulk answer from {response.Node.GetLeftPart(UriPartial.Authority)} gives item {i} no status ({Text(item)}); the write is not known to have landed.");
            }

            string? type = null;
            string? reason = null;
            if (body.TryGetProperty("error", out var error))
            {
                type = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("type", out var t) ? Text(t) : null;
                reason = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("reason", out var r) ? Text(r) : Text(error);
            }

            results[i++] = new ItemResult(status, type, reason);
        }

        return results;
    }

    // A proxy or another engine may put something other than a string here; its text still says what failed.
    private static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
}
