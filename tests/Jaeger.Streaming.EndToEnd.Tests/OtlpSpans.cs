using System.Text.Json.Nodes;

namespace Jaeger.Streaming.EndToEnd.Tests;

/// <summary>A span read back from OTLP/JSON, with the resource and scope it sits under.</summary>
internal sealed record StoredSpan(JsonNode Span, JsonNode? Resource, JsonNode? Scope)
{
    public string SpanId => (string)Span["spanId"]!;

    public string? Attribute(string key) => OtlpSpans.Attribute(Span["attributes"], key);
}

internal static class OtlpSpans
{
    public static List<StoredSpan> All(JsonNode tracesData)
    {
        var spans = new List<StoredSpan>();
        foreach (var resourceSpans in tracesData["resourceSpans"]?.AsArray() ?? [])
        {
            foreach (var scopeSpans in resourceSpans!["scopeSpans"]?.AsArray() ?? [])
            {
                foreach (var span in scopeSpans!["spans"]?.AsArray() ?? [])
                {
                    spans.Add(new StoredSpan(span!, resourceSpans["resource"], scopeSpans["scope"]));
                }
            }
        }

        return spans;
    }

    /// <summary>An attribute's value as text: strings and OTLP/JSON's string-encoded int64 bare, everything else as JSON.</summary>
    /// <summary>The OTLP/JSON value kind of an attribute, for example <c>intValue</c>.</summary>
    public static string? AttributeKind(JsonNode? attributes, string key) =>
        attributes?.AsArray().FirstOrDefault(a => (string?)a!["key"] == key)?["value"]!.AsObject().Single().Key;

    public static string? Attribute(JsonNode? attributes, string key)
    {
        foreach (var attribute in attributes?.AsArray() ?? [])
        {
            if ((string?)attribute!["key"] == key)
            {
                var value = attribute["value"]!.AsObject().Single().Value!;
                return value is JsonValue scalar && scalar.TryGetValue<string>(out var text) ? text : value.ToJsonString();
            }
        }

        return null;
    }
}
