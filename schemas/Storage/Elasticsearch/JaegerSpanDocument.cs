using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// One OTLP span as Jaeger's Elasticsearch span document (DESIGN §4), so a stock Jaeger query reads what we write:
/// <c>traceID</c>, <c>spanID</c>, <c>parentSpanID</c>, <c>flags</c>, <c>operationName</c>, <c>references</c>,
/// <c>startTime</c> (µs), <c>startTimeMillis</c>, <c>duration</c> (µs), <c>tags[]</c>, <c>logs[]</c> and
/// <c>process{serviceName,tags}</c>. OTLP-only fields go where Jaeger's OTLP translator puts them (<c>span.kind</c>,
/// <c>otel.status_code</c>, <c>error</c>, <c>otel.status_description</c>, <c>w3c.tracestate</c>,
/// <c>otel.scope.name</c>/<c>version</c> tags; events as logs with an <c>event</c> field; links as
/// <c>FOLLOWS_FROM</c> references). Two fields Jaeger ignores complete the picture: <c>linkTags[]</c>, so link
/// attributes are searchable, and <c>otlp</c>, the span's exact OTLP encoding (not indexed), because Jaeger's model
/// loses nanoseconds, value types, dropped counts and schema URLs, and our readers return spans exactly as written.
/// </summary>
public static class JaegerSpanDocument
{
    public const string ChildOf = "CHILD_OF";
    public const string FollowsFrom = "FOLLOWS_FROM";

    /// <summary>The field naming the tenant a document belongs to. Jaeger ignores it; documents without it are the default tenant's.</summary>
    public const string TenantField = "tenant";

    /// <summary>
    /// The document id: tenant, trace and span id, so writing a span again overwrites it, and the same ids under
    /// another tenant never do.
    /// </summary>
    public static string Id(string tenant, Span span) => $"{tenant}:{Hex(span.TraceId)}-{Hex(span.SpanId)}";

    public static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    public static long StartMicros(Span span) => (long)(span.StartTimeUnixNano / 1000);

    public static long DurationMicros(Span span) =>
        span.EndTimeUnixNano > span.StartTimeUnixNano ? (long)((span.EndTimeUnixNano - span.StartTimeUnixNano) / 1000) : 0;

    public static DateTimeOffset Start(Span span) => DateTimeOffset.UnixEpoch.AddTicks((long)(span.StartTimeUnixNano / 100));

    /// <summary>The service name of a resource, as Jaeger reads it (<c>service.name</c>, empty when absent).</summary>
    public static string ServiceName(Resource? resource)
    {
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (attribute.Key == "service.name")
                {
                    return AttributeText.Format(attribute.Value);
                }
            }
        }

        return "";
    }

    /// <summary>Jaeger's name for a span kind (<c>server</c>, …), empty for unspecified.</summary>
    public static string KindName(Span.Types.SpanKind kind) => kind switch
    {
        Span.Types.SpanKind.Server => "server",
        Span.Types.SpanKind.Client => "client",
        Span.Types.SpanKind.Producer => "producer",
        Span.Types.SpanKind.Consumer => "consumer",
        Span.Types.SpanKind.Internal => "internal",
        _ => "",
    };

    public static Span.Types.SpanKind ParseKind(string? name) => name switch
    {
        "server" => Span.Types.SpanKind.Server,
        "client" => Span.Types.SpanKind.Client,
        "producer" => Span.Types.SpanKind.Producer,
        "consumer" => Span.Types.SpanKind.Consumer,
        "internal" => Span.Types.SpanKind.Internal,
        _ => Span.Types.SpanKind.Unspecified,
    };

    /// <summary>Writes the span's document.</summary>
    public static void Write(Utf8JsonWriter json, string tenant, ResourceSpans resourceSpans, ScopeSpans scopeSpans, Span span)
    {
        json.WriteStartObject();
        json.WriteString(TenantField, tenant);
        json.WriteString("traceID", Hex(span.TraceId));
        json.WriteString("spanID", Hex(span.SpanId));
        if (!span.ParentSpanId.IsEmpty)
        {
            json.WriteString("parentSpanID", Hex(span.ParentSpanId));
        }

        json.WriteNumber("flags", span.Flags & 0xFF);
        json.WriteString("operationName", span.Name);
        WriteReferences(json, span);
        var start = StartMicros(span);
        json.WriteNumber("startTime", start);
        json.WriteNumber("startTimeMillis", start / 1000);
        json.WriteNumber("duration", DurationMicros(span));
        WriteSpanTags(json, scopeSpans.Scope, span);
        WriteLogs(json, span);
        json.WriteStartObject("process");
        json.WriteString("serviceName", ServiceName(resourceSpans.Resource));
        json.WriteStartArray("tags");
        foreach (var attribute in resourceSpans.Resource?.Attributes ?? [])
        {
            if (attribute.Key != "service.name")
            {
                WriteTag(json, attribute);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray("linkTags");
        foreach (var link in span.Links)
        {
            foreach (var attribute in link.Attributes)
            {
                WriteTag(json, attribute);
            }
        }

        json.WriteEndArray();
        json.WriteBase64String("otlp", Exact(resourceSpans, scopeSpans, span).ToByteArray());
        json.WriteEndObject();
    }

    /// <summary>The document as UTF-8 JSON.</summary>
    public static byte[] ToUtf8(string tenant, ResourceSpans resourceSpans, ScopeSpans scopeSpans, Span span)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            Write(json, tenant, resourceSpans, scopeSpans, span);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// The span back as OTLP, under its resource and scope: exactly as written when the document carries <c>otlp</c>,
    /// otherwise (a document written by Jaeger itself) rebuilt from Jaeger's fields.
    /// </summary>
    public static ResourceSpans Read(JsonElement document)
    {
        if (document.TryGetProperty("otlp", out var exact) && exact.ValueKind == JsonValueKind.String)
        {
            return ResourceSpans.Parser.ParseFrom(exact.GetBytesFromBase64());
        }

        return FromJaegerFields(document);
    }

    private static ResourceSpans Exact(ResourceSpans resourceSpans, ScopeSpans scopeSpans, Span span) => new()
    {
        Resource = resourceSpans.Resource,
        SchemaUrl = resourceSpans.SchemaUrl,
        ScopeSpans = { new ScopeSpans { Scope = scopeSpans.Scope, SchemaUrl = scopeSpans.SchemaUrl, Spans = { span } } },
    };

    private static void WriteReferences(Utf8JsonWriter json, Span span)
    {
        json.WriteStartArray("references");
        if (!span.ParentSpanId.IsEmpty)
        {
            WriteReference(json, ChildOf, span.TraceId, span.ParentSpanId);
        }

        foreach (var link in span.Links)
        {
            WriteReference(json, FollowsFrom, link.TraceId, link.SpanId);
        }

        json.WriteEndArray();
    }

    private static void WriteReference(Utf8JsonWriter json, string type, ByteString traceId, ByteString spanId)
    {
        json.WriteStartObject();
        json.WriteString("refType", type);
        json.WriteString("traceID", Hex(traceId));
        json.WriteString("spanID", Hex(spanId));
        json.WriteEndObject();
    }

    private static void WriteSpanTags(Utf8JsonWriter json, InstrumentationScope? scope, Span span)
    {
        json.WriteStartArray("tags");
        foreach (var attribute in span.Attributes)
        {
            WriteTag(json, attribute);
        }

        if (span.Kind != Span.Types.SpanKind.Unspecified)
        {
            WriteTag(json, "span.kind", "string", KindName(span.Kind));
        }

        if (span.Status is { Code: not Status.Types.StatusCode.Unset } status)
        {
            var error = status.Code == Status.Types.StatusCode.Error;
            WriteTag(json, "otel.status_code", "string", error ? "ERROR" : "OK");
            if (error)
            {
                WriteTag(json, "error", "bool", "true");
            }
        }

        if (!string.IsNullOrEmpty(span.Status?.Message))
        {
            WriteTag(json, "otel.status_description", "string", span.Status.Message);
        }

        if (!string.IsNullOrEmpty(span.TraceState))
        {
            WriteTag(json, "w3c.tracestate", "string", span.TraceState);
        }

        if (!string.IsNullOrEmpty(scope?.Name))
        {
            WriteTag(json, "otel.scope.name", "string", scope.Name);
        }

        if (!string.IsNullOrEmpty(scope?.Version))
        {
            WriteTag(json, "otel.scope.version", "string", scope.Version);
        }

        foreach (var attribute in scope?.Attributes ?? [])
        {
            WriteTag(json, attribute);
        }

        json.WriteEndArray();
    }

    private static void WriteLogs(Utf8JsonWriter json, Span span)
    {
        json.WriteStartArray("logs");
        foreach (var spanEvent in span.Events)
        {
            json.WriteStartObject();
            json.WriteNumber("timestamp", (long)(spanEvent.TimeUnixNano / 1000));
            json.WriteStartArray("fields");
            if (!string.IsNullOrEmpty(spanEvent.Name))
            {
                WriteTag(json, "event", "string", spanEvent.Name);
            }

            foreach (var attribute in spanEvent.Attributes)
            {
                WriteTag(json, attribute);
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    // Jaeger stores every value as a string with its type beside it. Ours is the text §4 searches compare
    // (AttributeText), except bytes, which Jaeger reads as hex.
    private static void WriteTag(Utf8JsonWriter json, KeyValue attribute)
    {
        var value = attribute.Value;
        var (type, text) = value?.ValueCase switch
        {
            AnyValue.ValueOneofCase.BoolValue => ("bool", AttributeText.Format(value)),
            AnyValue.ValueOneofCase.IntValue => ("int64", AttributeText.Format(value)),
            AnyValue.ValueOneofCase.DoubleValue => ("float64", AttributeText.Format(value)),
            AnyValue.ValueOneofCase.BytesValue => ("binary", Convert.ToHexStringLower(value.BytesValue.Span)),
            _ => ("string", AttributeText.Format(value)),
        };
        WriteTag(json, attribute.Key, type, text);
    }

    private static void WriteTag(Utf8JsonWriter json, string key, string type, string value)
    {
        json.WriteStartObject();
        json.WriteString("key", key);
        json.WriteString("type", type);
        json.WriteString("value", value);
        json.WriteEndObject();
    }

    private static ResourceSpans FromJaegerFields(JsonElement document)
    {
        var span = new Span
        {
            TraceId = Id(document, "traceID", 16),
            SpanId = Id(document, "spanID", 8),
            Name = Text(document, "operationName"),
            Flags = document.TryGetProperty("flags", out var flags) && flags.TryGetUInt32(out var f) ? f : 0,
        };
        var startNanos = (ulong)Number(document, "startTime") * 1000;
        span.StartTimeUnixNano = startNanos;
        span.EndTimeUnixNano = startNanos + ((ulong)Number(document, "duration") * 1000);
        foreach (var reference in Array(document, "references"))
        {
            var spanId = Id(reference, "spanID", 8);
            if (Text(reference, "refType") == ChildOf && span.ParentSpanId.IsEmpty)
            {
                span.ParentSpanId = spanId;
            }
            else
            {
                span.Links.Add(new Span.Types.Link { TraceId = Id(reference, "traceID", 16), SpanId = spanId });
            }
        }

        var scope = new InstrumentationScope();
        var status = new Status();
        foreach (var tag in Array(document, "tags"))
        {
            var key = Text(tag, "key");
            var value = Text(tag, "value");
            switch (key)
            {
                case "span.kind": span.Kind = ParseKind(value); break;
                case "otel.status_code": status.Code = value == "ERROR" ? Status.Types.StatusCode.Error : Status.Types.StatusCode.Ok; break;
                case "otel.status_description": status.Message = value; break;
                case "error" when value == "true": status.Code = Status.Types.StatusCode.Error; break;
                case "w3c.tracestate": span.TraceState = value; break;
                case "otel.scope.name": scope.Name = value; break;
                case "otel.scope.version": scope.Version = value; break;
                default: span.Attributes.Add(ToAttribute(tag)); break;
            }
        }

        if (status.Code != Status.Types.StatusCode.Unset || status.Message.Length > 0)
        {
            span.Status = status;
        }

        foreach (var log in Array(document, "logs"))
        {
            var spanEvent = new Span.Types.Event { TimeUnixNano = (ulong)Number(log, "timestamp") * 1000 };
            foreach (var field in Array(log, "fields"))
            {
                if (Text(field, "key") == "event" && spanEvent.Name.Length == 0)
                {
                    spanEvent.Name = Text(field, "value");
                }
                else
                {
                    spanEvent.Attributes.Add(ToAttribute(field));
                }
            }

            span.Events.Add(spanEvent);
        }

        var resource = new Resource();
        if (document.TryGetProperty("process", out var process))
        {
            resource.Attributes.Add(new KeyValue { Key = "service.name", Value = new AnyValue { StringValue = Text(process, "serviceName") } });
            foreach (var tag in Array(process, "tags"))
            {
                resource.Attributes.Add(ToAttribute(tag));
            }
        }

        return new ResourceSpans { Resource = resource, ScopeSpans = { new ScopeSpans { Scope = scope, Spans = { span } } } };
    }

    private static KeyValue ToAttribute(JsonElement tag)
    {
        var text = tag.TryGetProperty("value", out var raw) ? (raw.ValueKind == JsonValueKind.String ? raw.GetString() ?? "" : raw.GetRawText()) : "";
        var value = Text(tag, "type") switch
        {
            "bool" => new AnyValue { BoolValue = text == "true" },
            "int64" when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) => new AnyValue { IntValue = i },
            "float64" when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => new AnyValue { DoubleValue = d },
            "binary" when TryHex(text, out var bytes) => new AnyValue { BytesValue = ByteString.CopyFrom(bytes) },
            _ => new AnyValue { StringValue = text },
        };
        return new KeyValue { Key = Text(tag, "key"), Value = value };
    }

    private static bool TryHex(string text, out byte[] bytes)
    {
        try
        {
            bytes = Convert.FromHexString(text);
            return true;
        }
        catch (FormatException)
        {
            bytes = [];
            return false;
        }
    }

    // Jaeger writes 64-bit trace ids as 16 hex characters; OTLP ids are fixed-width, so pad on the left.
    private static ByteString Id(JsonElement element, string name, int length)
    {
        var hex = Text(element, name);
        return hex.Length == 0 || hex.Length > length * 2 || !TryHex(hex.PadLeft(length * 2, '0'), out var bytes)
            ? ByteString.Empty
            : ByteString.CopyFrom(bytes);
    }

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : "";

    private static long Number(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? Math.Max(n, 0) : 0;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}
