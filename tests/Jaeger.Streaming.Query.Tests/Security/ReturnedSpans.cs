using System.Text.Json.Nodes;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>The ids of the spans in an answer of either API: every element of every <c>spans</c> array, by <c>spanId</c> (v3) or <c>spanID</c> (legacy).</summary>
internal static class ReturnedSpans
{
    public static IReadOnlyList<string> Ids(string body)
    {
        var ids = new List<string>();
        try
        {
            Collect(JsonNode.Parse(body), ids);
        }
        catch (System.Text.Json.JsonException)
        {
            // Not JSON: no spans in it.
        }

        return ids;
    }

    private static void Collect(JsonNode? node, List<string> ids)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, value) in obj)
                {
                    if (name == "spans" && value is JsonArray spans)
                    {
                        ids.AddRange(spans.Select(s => (string?)s?["spanId"] ?? (string)s!["spanID"]!));
                    }
                    else
                    {
                        Collect(value, ids);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, ids);
                }

                break;
        }
    }
}
