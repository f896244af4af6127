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
            // Each item is {"<action>": {...}}; we only send "index". An item we cannot read may have landed or not.
            if (item.ValueKind != JsonValueKind.Object)
            {
                throw new ElasticsearchException(
                    $"_bulk answer from {response.Node.GetLeftPart(UriPartial.Authority)} lists item {i} as {item.ValueKind}, not an object; the write is not known to have landed.");
            }

            var body = item.EnumerateObject().FirstOrDefault().Value;
            var status = body.ValueKind == JsonValueKind.Object && body.TryGetProperty("status", out var s) && s.TryGetInt32(out var code) ? code : 0;
            string? type = null;
            string? reason = null;
            if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("error", out var error))
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
