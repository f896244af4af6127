using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// Documents and strings read back from Elasticsearch, which keeps a document's source as it was sent: a writer other
/// than ours can leave half a surrogate pair (<c>"\ud800"</c>) or bytes that are not UTF-8 in it, which no .NET string
/// can hold, so <see cref="JsonElement.GetString"/> refuses such a value and looking a property up fails on such a
/// name. Each such piece reads as U+FFFD, as Go's encoder (Jaeger's) writes it, so one bad tag costs its characters,
/// not the trace.
/// </summary>
public static class StoredText
{
    private const char Replacement = '\uFFFD';

    /// <summary>The string <paramref name="value"/> holds, each piece no Unicode text can hold replaced by U+FFFD.</summary>
    public static string Of(JsonElement value)
    {
        try
        {
            return value.GetString() ?? "";
        }
        catch (InvalidOperationException) when (value.ValueKind == JsonValueKind.String)
        {
            return Unescaped(JsonMarshal.GetRawUtf8Value(value)[1..^1]);
        }
    }

    /// <summary>The text of a string property, or "" when it is missing or not a string, or the element is no object.</summary>
    public static string Of(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? Of(value) : "";

    /// <summary>
    /// <paramref name="document"/> itself when every name and string in it is text (one scan of its bytes), otherwise
    /// a copy in which each piece that is not text reads as U+FFFD.
    /// </summary>
    public static JsonElement Readable(JsonElement document)
    {
        var raw = JsonMarshal.GetRawUtf8Value(document);
        if (Utf8.IsValid(raw) && !HasSurrogateEscape(raw))
        {
            return document;
        }

        var copy = new ArrayBufferWriter<byte>(raw.Length);
        using (var json = new Utf8JsonWriter(copy))
        {
            WriteReadable(json, document);
        }

        using var parsed = JsonDocument.Parse(copy.WrittenMemory);
        return parsed.RootElement.Clone();
    }

    // Any \uD800-\uDFFF escape, a pair's or not; a backslash escaped before a 'u' also matches, which only costs a copy.
    private static bool HasSurrogateEscape(ReadOnlySpan<byte> raw)
    {
        while (raw.IndexOf("\\u"u8) is var at and >= 0)
        {
            raw = raw[(at + 2)..];
            if (raw.Length >= 2 && (raw[0] | 0x20) == 'd' && (raw[1] is (byte)'8' or (byte)'9' || (raw[1] | 0x20) is >= 'a' and <= 'f'))
            {
                return true;
            }
        }

        return false;
    }

    private static void WriteReadable(Utf8JsonWriter json, JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                json.WriteStartObject();
                foreach (var property in element.EnumerateObject())
                {
                    json.WritePropertyName(NameOf(property));
                    WriteReadable(json, property.Value);
                }

                json.WriteEndObject();
                break;
            case JsonValueKind.Array:
                json.WriteStartArray();
                foreach (var item in element.EnumerateArray())
                {
                    WriteReadable(json, item);
                }

                json.WriteEndArray();
                break;
            case JsonValueKind.String:
                json.WriteStringValue(Of(element));
                break;
            default:
                element.WriteTo(json);
                break;
        }
    }

    private static string NameOf(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            return Unescaped(JsonMarshal.GetRawUtf8PropertyName(property));
        }
    }

    // The parser has already checked the escapes' syntax; what it leaves to GetString is the text they and the raw
    // bytes spell, which is where the invalid pieces are.
    private static string Unescaped(ReadOnlySpan<byte> raw)
    {
        var text = new StringBuilder(raw.Length);
        while (true)
        {
            var escape = raw.IndexOf((byte)'\\');
            text.Append(Encoding.UTF8.GetString(escape < 0 ? raw : raw[..escape]));
            if (escape < 0)
            {
                return WithoutHalfPairs(text);
            }

            var kind = (char)raw[escape + 1];
            raw = raw[(escape + 2)..];
            if (kind == 'u')
            {
                text.Append((char)ushort.Parse(raw[..4], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture));
                raw = raw[4..];
                continue;
            }

            text.Append(kind switch
            {
                'n' => '\n',
                'r' => '\r',
                't' => '\t',
                'b' => '\b',
                'f' => '\f',
                _ => kind,
            });
        }
    }

    private static string WithoutHalfPairs(StringBuilder text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(text[i]))
            {
                text[i] = Replacement;
            }
        }

        return text.ToString();
    }
}
