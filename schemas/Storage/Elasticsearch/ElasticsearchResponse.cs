using System.Text.Json;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>A node's answer: status and body, and which node gave it.</summary>
public sealed record ElasticsearchResponse(int StatusCode, byte[] Body, Uri Node)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;

    public JsonDocument Json() => JsonDocument.Parse(Body);

    /// <summary>Throws an <see cref="ElasticsearchException"/> naming <paramref name="what"/> unless the request succeeded.</summary>
    public ElasticsearchResponse EnsureSuccess(string what, string? index = null)
    {
        if (IsSuccess)
        {
            return this;
        }

        var (type, reason, errorIndex) = ParseError(Body);
        index ??= errorIndex;
        var on = index is null ? "" : $" on index '{index}'";
        throw new ElasticsearchException(
            $"{what}{on} failed on {Node.GetLeftPart(UriPartial.Authority)}: HTTP {StatusCode} {type ?? "(no error type)"}: {reason ?? Truncate(Body)}",
            StatusCode, type, index);
    }

    /// <summary>Elasticsearch's <c>{"error":{"type","reason","index"}}</c>, or nothing for other bodies.</summary>
    internal static (string? Type, string? Reason, string? Index) ParseError(ReadOnlySpan<byte> body)
    {
        try
        {
            using var json = JsonDocument.Parse(body.ToArray());
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error))
            {
                return error.ValueKind == JsonValueKind.Object
                    ? (Text(error, "type"), Text(error, "reason"), Text(error, "index"))
                    : (null, error.ToString(), null);
            }
        }
        catch (JsonException)
        {
        }

        return (null, null, null);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Truncate(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 500));
        return text.Length == 0 ? "(empty body)" : text;
    }
}
