using System.Text.Json.Nodes;
using Google.Protobuf;

namespace Jaeger.Streaming.Schemas.Otlp;

/// <summary>
/// OTLP/JSON as the specification defines it: protobuf JSON mapping, except that trace and span ids are hex
/// (not base64) and enums are integers. Unknown fields are ignored, as receivers must.
/// </summary>
public static class OtlpJson
{
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(true));

    // A property given twice would otherwise surface only when the object is first read, as an ArgumentException.
    private static readonly System.Text.Json.JsonDocumentOptions Strict = new() { AllowDuplicateProperties = false };

    private static readonly HashSet<string> IdFields = new(StringComparer.Ordinal)
    {
        "traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id",
    };

    private static readonly HashSet<string> Int64Fields = new(StringComparer.Ordinal)
    {
        "startTimeUnixNano", "endTimeUnixNano", "timeUnixNano", "intValue",
        "start_time_unix_nano", "end_time_unix_nano", "time_unix_nano", "int_value",
    };

    /// <summary>Parses OTLP/JSON. Throws <see cref="FormatException"/> naming the problem when the document is not valid.</summary>
    public static T Parse<T>(ReadOnlySpan<byte> utf8Json)
        where T : IMessage<T>, new()
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(utf8Json, documentOptions: Strict);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new FormatException($"The body is not valid JSON: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // Checking for a repeated property reads every name, and a name escaping half a surrogate pair fails that way.
            throw new FormatException($"The body is not valid JSON: {e.Message}", e);
        }

        if (root is not JsonObject)
        {
            throw new FormatException("The body must be a JSON object.");
        }

        try
        {
            Rewrite(root, HexToBase64);
            return Parser.Parse<T>(root.ToJsonString());
        }
        catch (InvalidOperationException e)
        {
            // System.Text.Json reports invalid UTF-8 inside a string only when the value is read.
            throw new FormatException($"The body is not valid OTLP/JSON in UTF-8: {e.Message}", e);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new FormatException($"The body is not valid OTLP/JSON: {e.Message}", e);
        }
        catch (InvalidJsonException e)
        {
            throw new FormatException($"The body is not valid OTLP/JSON: {e.Message}", e);
        }
    }

    /// <summary>Formats a message as OTLP/JSON, with hex ids.</summary>
    public static JsonNode ToJsonNode(IMessage message)
    {
        var node = JsonNode.Parse(Formatter.Format(message))!;
        Rewrite(node, Base64ToHex);
        return node;
    }

    private static void Rewrite(JsonNode node, Func<string, string, string> convert)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (name, child) in obj.ToList())
                {
                    if (child is JsonValue value && IdFields.Contains(name) && value.TryGetValue<string>(out var text))
                    {
                        obj[name] = convert(name, text);
                    }
                    else if (child is JsonValue number && Int64Fields.Contains(name) && number.GetValueKind() == System.Text.Json.JsonValueKind.Number)
                    {
                        // The protobuf JSON parser reads numbers through a double; as text, 64-bit values keep every digit.
                        obj[name] = number.ToJsonString();
                    }
                    else if (child is not null)
                    {
                        Rewrite(child, convert);
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    if (child is not null)
                    {
                        Rewrite(child, convert);
                    }
                }

                break;
        }
    }

    private static string HexToBase64(string field, string hex)
    {
        try
        {
            return Convert.ToBase64String(Convert.FromHexString(hex));
        }
        catch (FormatException)
        {
            throw new FormatException($"'{field}' must be hex-encoded, got '{Truncate(hex)}'.");
        }
    }

    private static string Base64ToHex(string field, string base64) =>
        Convert.ToHexStringLower(Convert.FromBase64String(base64));

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
