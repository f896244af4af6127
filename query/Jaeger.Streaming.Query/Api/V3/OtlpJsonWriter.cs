using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Api.V3;

/// <summary>
/// Writes OTLP/JSON straight to a <see cref="Utf8JsonWriter"/>, byte for byte what <c>OtlpJson.ToJsonNode</c> gives
/// (protobuf JSON mapping: fields in field-number order, defaults left out, 64-bit integers as strings, enums as
/// integers; trace and span ids in hex) without its formatted string and node tree, which cost several times the
/// storage read for a search answer.
/// </summary>
internal static class OtlpJsonWriter
{
    /// <summary>Writes one <c>ResourceSpans</c> object.</summary>
    public static void Write(Utf8JsonWriter json, ResourceSpans resourceSpans)
    {
        json.WriteStartObject();
        if (resourceSpans.Resource is { } resource)
        {
            json.WritePropertyName(Names.Resource);
            Write(json, resource);
        }

        WriteArray(json, Names.ScopeSpans, resourceSpans.ScopeSpans, Write);
        WriteString(json, Names.SchemaUrl, resourceSpans.SchemaUrl);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, Resource resource)
    {
        json.WriteStartObject();
        WriteArray(json, Names.Attributes, resource.Attributes, Write);
        WriteCount(json, Names.DroppedAttributesCount, resource.DroppedAttributesCount);
        WriteArray(json, Names.EntityRefs, resource.EntityRefs, Write);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, EntityRef entity)
    {
        json.WriteStartObject();
        WriteString(json, Names.SchemaUrl, entity.SchemaUrl);
        WriteString(json, Names.Type, entity.Type);
        WriteArray(json, Names.IdKeys, entity.IdKeys, static (json, key) => json.WriteStringValue(key));
        WriteArray(json, Names.DescriptionKeys, entity.DescriptionKeys, static (json, key) => json.WriteStringValue(key));
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, ScopeSpans scopeSpans)
    {
        json.WriteStartObject();
        if (scopeSpans.Scope is { } scope)
        {
            json.WriteStartObject(Names.Scope);
            WriteString(json, Names.Name, scope.Name);
            WriteString(json, Names.Version, scope.Version);
            WriteArray(json, Names.Attributes, scope.Attributes, Write);
            WriteCount(json, Names.DroppedAttributesCount, scope.DroppedAttributesCount);
            json.WriteEndObject();
        }

        WriteArray(json, Names.Spans, scopeSpans.Spans, Write);
        WriteString(json, Names.SchemaUrl, scopeSpans.SchemaUrl);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, Span span)
    {
        json.WriteStartObject();
        WriteId(json, Names.TraceId, span.TraceId);
        WriteId(json, Names.SpanId, span.SpanId);
        WriteString(json, Names.TraceState, span.TraceState);
        WriteId(json, Names.ParentSpanId, span.ParentSpanId);
        WriteString(json, Names.Name, span.Name);
        WriteCount(json, Names.Kind, (uint)span.Kind);
        WriteFixed64(json, Names.StartTimeUnixNano, span.StartTimeUnixNano);
        WriteFixed64(json, Names.EndTimeUnixNano, span.EndTimeUnixNano);
        WriteArray(json, Names.Attributes, span.Attributes, Write);
        WriteCount(json, Names.DroppedAttributesCount, span.DroppedAttributesCount);
        WriteArray(json, Names.Events, span.Events, Write);
        WriteCount(json, Names.DroppedEventsCount, span.DroppedEventsCount);
        WriteArray(json, Names.Links, span.Links, Write);
        WriteCount(json, Names.DroppedLinksCount, span.DroppedLinksCount);
        if (span.Status is { } status)
        {
            json.WriteStartObject(Names.Status);
            WriteString(json, Names.Message, status.Message);
            WriteCount(json, Names.Code, (uint)status.Code);
            json.WriteEndObject();
        }

        WriteCount(json, Names.Flags, span.Flags);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, Span.Types.Event spanEvent)
    {
        json.WriteStartObject();
        WriteFixed64(json, Names.TimeUnixNano, spanEvent.TimeUnixNano);
        WriteString(json, Names.Name, spanEvent.Name);
        WriteArray(json, Names.Attributes, spanEvent.Attributes, Write);
        WriteCount(json, Names.DroppedAttributesCount, spanEvent.DroppedAttributesCount);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, Span.Types.Link link)
    {
        json.WriteStartObject();
        WriteId(json, Names.TraceId, link.TraceId);
        WriteId(json, Names.SpanId, link.SpanId);
        WriteString(json, Names.TraceState, link.TraceState);
        WriteArray(json, Names.Attributes, link.Attributes, Write);
        WriteCount(json, Names.DroppedAttributesCount, link.DroppedAttributesCount);
        WriteCount(json, Names.Flags, link.Flags);
        json.WriteEndObject();
    }

    private static void Write(Utf8JsonWriter json, KeyValue attribute)
    {
        json.WriteStartObject();
        WriteString(json, Names.Key, attribute.Key);
        if (attribute.Value is { } value)
        {
            json.WritePropertyName(Names.Value);
            Write(json, value);
        }

        json.WriteEndObject();
    }

    // A oneof member has presence, so a set member is written even when it holds its type's default.
    private static void Write(Utf8JsonWriter json, AnyValue value)
    {
        json.WriteStartObject();
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                json.WriteString(Names.StringValue, value.StringValue);
                break;
            case AnyValue.ValueOneofCase.BoolValue:
                json.WriteBoolean(Names.BoolValue, value.BoolValue);
                break;
            case AnyValue.ValueOneofCase.IntValue:
                WriteInt64(json, Names.IntValue, value.IntValue);
                break;
            case AnyValue.ValueOneofCase.DoubleValue:
                WriteDouble(json, Names.DoubleValue, value.DoubleValue);
                break;
            case AnyValue.ValueOneofCase.ArrayValue:
                json.WriteStartObject(Names.ArrayValue);
                WriteArray(json, Names.Values, value.ArrayValue.Values, Write);
                json.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.KvlistValue:
                json.WriteStartObject(Names.KvlistValue);
                WriteArray(json, Names.Values, value.KvlistValue.Values, Write);
                json.WriteEndObject();
                break;
            case AnyValue.ValueOneofCase.BytesValue:
                // As text, not WriteBase64String, so '+' is escaped as the answer always escaped it.
                json.WriteString(Names.BytesValue, value.BytesValue.ToBase64());
                break;
        }

        json.WriteEndObject();
    }

    // Protobuf's JSON mapping leaves an empty repeated field out.
    private static void WriteArray<T>(Utf8JsonWriter json, JsonEncodedText name, RepeatedField<T> items, Action<Utf8JsonWriter, T> write)
    {
        if (items.Count == 0)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var item in items)
        {
            write(json, item);
        }

        json.WriteEndArray();
    }

    private static void WriteString(Utf8JsonWriter json, JsonEncodedText name, string value)
    {
        if (value.Length > 0)
        {
            json.WriteString(name, value);
        }
    }

    private static void WriteId(Utf8JsonWriter json, JsonEncodedText name, ByteString id)
    {
        var bytes = id.Span;
        if (bytes.IsEmpty)
        {
            return;
        }

        Span<byte> hex = stackalloc byte[64];
        if (bytes.Length * 2 <= hex.Length && Convert.TryToHexStringLower(bytes, hex, out var written))
        {
            json.WriteString(name, hex[..written]);
        }
        else
        {
            json.WriteString(name, Convert.ToHexStringLower(bytes));
        }
    }

    private static void WriteCount(Utf8JsonWriter json, JsonEncodedText name, uint value)
    {
        if (value != 0)
        {
            json.WriteNumber(name, value);
        }
    }

    private static void WriteFixed64(Utf8JsonWriter json, JsonEncodedText name, ulong value)
    {
        if (value != 0)
        {
            Span<byte> text = stackalloc byte[20];
            value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
            json.WriteString(name, text[..written]);
        }
    }

    private static void WriteInt64(Utf8JsonWriter json, JsonEncodedText name, long value)
    {
        Span<byte> text = stackalloc byte[20];
        value.TryFormat(text, out var written, default, CultureInfo.InvariantCulture);
        json.WriteString(name, text[..written]);
    }

    // Protobuf's JSON mapping: non-finite values as strings, finite ones in their shortest round-trip form.
    private static void WriteDouble(Utf8JsonWriter json, JsonEncodedText name, double value)
    {
        if (double.IsNaN(value))
        {
            json.WriteString(name, "NaN");
        }
        else if (double.IsInfinity(value))
        {
            json.WriteString(name, value > 0 ? "Infinity" : "-Infinity");
        }
        else
        {
            Span<byte> text = stackalloc byte[32];
            value.TryFormat(text, out var written, "R", CultureInfo.InvariantCulture);
            var exponent = text[..written].IndexOf((byte)'E');
            if (exponent >= 0)
            {
                text[exponent] = (byte)'e';
            }

            json.WritePropertyName(name);
            json.WriteRawValue(text[..written], skipInputValidation: true);
        }
    }

    // Encoded once: the writer would otherwise check and transcode every property name of every span.
    private static class Names
    {
        public static readonly JsonEncodedText ArrayValue = JsonEncodedText.Encode("arrayValue");
        public static readonly JsonEncodedText Attributes = JsonEncodedText.Encode("attributes");
        public static readonly JsonEncodedText BoolValue = JsonEncodedText.Encode("boolValue");
        public static readonly JsonEncodedText BytesValue = JsonEncodedText.Encode("bytesValue");
        public static readonly JsonEncodedText Code = JsonEncodedText.Encode("code");
        public static readonly JsonEncodedText DescriptionKeys = JsonEncodedText.Encode("descriptionKeys");
        public static readonly JsonEncodedText DoubleValue = JsonEncodedText.Encode("doubleValue");
        public static readonly JsonEncodedText DroppedAttributesCount = JsonEncodedText.Encode("droppedAttributesCount");
        public static readonly JsonEncodedText DroppedEventsCount = JsonEncodedText.Encode("droppedEventsCount");
        public static readonly JsonEncodedText DroppedLinksCount = JsonEncodedText.Encode("droppedLinksCount");
        public static readonly JsonEncodedText EndTimeUnixNano = JsonEncodedText.Encode("endTimeUnixNano");
        public static readonly JsonEncodedText EntityRefs = JsonEncodedText.Encode("entityRefs");
        public static readonly JsonEncodedText Events = JsonEncodedText.Encode("events");
        public static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
        public static readonly JsonEncodedText IdKeys = JsonEncodedText.Encode("idKeys");
        public static readonly JsonEncodedText IntValue = JsonEncodedText.Encode("intValue");
        public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
        public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
        public static readonly JsonEncodedText KvlistValue = JsonEncodedText.Encode("kvlistValue");
        public static readonly JsonEncodedText Links = JsonEncodedText.Encode("links");
        public static readonly JsonEncodedText Message = JsonEncodedText.Encode("message");
        public static readonly JsonEncodedText Name = JsonEncodedText.Encode("name");
        public static readonly JsonEncodedText ParentSpanId = JsonEncodedText.Encode("parentSpanId");
        public static readonly JsonEncodedText Resource = JsonEncodedText.Encode("resource");
        public static readonly JsonEncodedText SchemaUrl = JsonEncodedText.Encode("schemaUrl");
        public static readonly JsonEncodedText Scope = JsonEncodedText.Encode("scope");
        public static readonly JsonEncodedText ScopeSpans = JsonEncodedText.Encode("scopeSpans");
        public static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("spanId");
        public static readonly JsonEncodedText Spans = JsonEncodedText.Encode("spans");
        public static readonly JsonEncodedText StartTimeUnixNano = JsonEncodedText.Encode("startTimeUnixNano");
        public static readonly JsonEncodedText Status = JsonEncodedText.Encode("status");
        public static readonly JsonEncodedText StringValue = JsonEncodedText.Encode("stringValue");
        public static readonly JsonEncodedText TimeUnixNano = JsonEncodedText.Encode("timeUnixNano");
        public static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("traceId");
        public static readonly JsonEncodedText TraceState = JsonEncodedText.Encode("traceState");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText Values = JsonEncodedText.Encode("values");
        public static readonly JsonEncodedText Version = JsonEncodedText.Encode("version");
    }
}
