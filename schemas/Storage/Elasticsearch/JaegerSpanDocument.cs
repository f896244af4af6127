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

    // A thread keeps its buffers unless a document made them larger than this (a span at the collector's limits can
    // be megabytes); the next document on that thread then starts afresh.
    private const int MaxKeptBufferBytes = 1024 * 1024;

    [ThreadStatic]
    private static Scratch? t_scratch;

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

    /// <summary>
    /// The span's document as UTF-8 JSON, in an array of its exact size. <paramref name="service"/> is the resource's
    /// <see cref="ServiceName"/> and <paramref name="encoder"/> encodes the resource's and scope's spans, both made once
    /// for all of them. The JSON is written in a buffer the thread keeps (a document is a few KB and the ingester
    /// writes one per span), so the returned array is the only allocation of any size.
    /// </summary>
    public static byte[] ToUtf8(string tenant, string service, ResourceSpans resourceSpans, ScopeSpans scopeSpans, Span span, StoredSpanEncoder encoder)
    {
        var scratch = t_scratch ??= new Scratch();
        scratch.Document.ResetWrittenCount();
        scratch.Json.Reset(scratch.Document);
        Write(scratch.Json, tenant, service, resourceSpans.Resource, scopeSpans.Scope, span, encoder.Encode(span, scratch.Otlp));
        scratch.Json.Flush();
        var document = scratch.Document.WrittenSpan.ToArray();
        if (scratch.Document.Capacity > MaxKeptBufferBytes || scratch.Otlp.Capacity > MaxKeptBufferBytes)
        {
            t_scratch = null;
        }

        return document;
    }

    /// <summary>The document of one span, on its own: for callers with a single span at hand.</summary>
    public static byte[] ToUtf8(string tenant, ResourceSpans resourceSpans, ScopeSpans scopeSpans, Span span) =>
        ToUtf8(tenant, ServiceName(resourceSpans.Resource), resourceSpans, scopeSpans, span, new StoredSpanEncoder(resourceSpans, scopeSpans));

    private static void Write(Utf8JsonWriter json, string tenant, string service, Resource? resource, InstrumentationScope? scope, Span span, ReadOnlySpan<byte> otlp)
    {
        json.WriteStartObject();
        json.WriteString(Names.Tenant, tenant);
        WriteHex(json, Names.TraceId, span.TraceId);
        WriteHex(json, Names.SpanId, span.SpanId);
        if (!span.ParentSpanId.IsEmpty)
        {
            WriteHex(json, Names.ParentSpanId, span.ParentSpanId);
        }

        json.WriteNumber(Names.Flags, span.Flags & 0xFF);
        json.WriteString(Names.OperationName, span.Name);
        WriteReferences(json, span);
        var start = StartMicros(span);
        json.WriteNumber(Names.StartTime, start);
        json.WriteNumber(Names.StartTimeMillis, start / 1000);
        json.WriteNumber(Names.Duration, DurationMicros(span));
        WriteSpanTags(json, scope, span);
        WriteLogs(json, span);
        json.WriteStartObject(Names.Process);
        json.WriteString(Names.ServiceName, service);
        json.WriteStartArray(Names.Tags);
        foreach (var attribute in resource?.Attributes ?? [])
        {
            if (attribute.Key != "service.name")
            {
                WriteTag(json, attribute);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartArray(Names.LinkTags);
        foreach (var link in span.Links)
        {
            foreach (var attribute in link.Attributes)
            {
                WriteTag(json, attribute);
            }
        }

        json.WriteEndArray();
        json.WriteBase64String(Names.Otlp, otlp);
        json.WriteEndObject();
    }

    /// <summary>
    /// The span back as OTLP, under its resource and scope: exactly as written when the document carries a readable
    /// <c>otlp</c>, otherwise (a document written by Jaeger itself, or one whose copy was damaged) rebuilt from
    /// Jaeger's fields. Text no .NET string can hold reads as U+FFFD (<see cref="StoredText"/>).
    /// </summary>
    public static ResourceSpans Read(JsonElement document)
    {
        document = StoredText.Readable(document);
        return TryReadExact(document) ?? FromJaegerFields(document);
    }

    /// <summary>The document's <c>startTime</c> in µs, 0 when it has none.</summary>
    public static long StartMicros(JsonElement document) => Number(StoredText.Readable(document), "startTime");

    private static ResourceSpans? TryReadExact(JsonElement document)
    {
        if (document.ValueKind != JsonValueKind.Object
            || !document.TryGetProperty("otlp", out var exact)
            || exact.ValueKind != JsonValueKind.String
            || !exact.TryGetBytesFromBase64(out var bytes))
        {
            return null;
        }

        try
        {
            var read = ResourceSpans.Parser.ParseFrom(bytes);
            return read.ScopeSpans.Count == 1 && read.ScopeSpans[0].Spans.Count == 1 ? read : null;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static void WriteReferences(Utf8JsonWriter json, Span span)
    {
        json.WriteStartArray(Names.References);
        if (!span.ParentSpanId.IsEmpty)
        {
            WriteReference(json, Names.ChildOf, span.TraceId, span.ParentSpanId);
        }

        foreach (var link in span.Links)
        {
            WriteReference(json, Names.FollowsFrom, link.TraceId, link.SpanId);
        }

        json.WriteEndArray();
    }

    private static void WriteReference(Utf8JsonWriter json, JsonEncodedText type, ByteString traceId, ByteString spanId)
    {
        json.WriteStartObject();
        json.WriteString(Names.RefType, type);
        WriteHex(json, Names.TraceId, traceId);
        WriteHex(json, Names.SpanId, spanId);
        json.WriteEndObject();
    }

    /// <summary>An id as lowercase hex, formatted on the stack (ids are 8 or 16 bytes; a link's may be anything).</summary>
    private static void WriteHex(Utf8JsonWriter json, JsonEncodedText name, ByteString id)
    {
        if (id.Length > 64)
        {
            json.WriteString(name, Hex(id));
            return;
        }

        Span<char> hex = stackalloc char[128];
        Convert.TryToHexStringLower(id.Span, hex, out var written);
        json.WriteString(name, hex[..written]);
    }

    private static void WriteSpanTags(Utf8JsonWriter json, InstrumentationScope? scope, Span span)
    {
        json.WriteStartArray(Names.Tags);
        foreach (var attribute in span.Attributes)
        {
            WriteTag(json, attribute);
        }

        if (span.Kind != Span.Types.SpanKind.Unspecified)
        {
            WriteTag(json, "span.kind", Names.String, KindName(span.Kind));
        }

        if (span.Status is { Code: not Status.Types.StatusCode.Unset } status)
        {
            var error = status.Code == Status.Types.StatusCode.Error;
            WriteTag(json, "otel.status_code", Names.String, error ? "ERROR" : "OK");
            if (error)
            {
                WriteTag(json, "error", Names.Bool, "true");
            }
        }

        if (!string.IsNullOrEmpty(span.Status?.Message))
        {
            WriteTag(json, "otel.status_description", Names.String, span.Status.Message);
        }

        if (!string.IsNullOrEmpty(span.TraceState))
        {
            WriteTag(json, "w3c.tracestate", Names.String, span.TraceState);
        }

        if (!string.IsNullOrEmpty(scope?.Name))
        {
            WriteTag(json, "otel.scope.name", Names.String, scope.Name);
        }

        if (!string.IsNullOrEmpty(scope?.Version))
        {
            WriteTag(json, "otel.scope.version", Names.String, scope.Version);
        }

        foreach (var attribute in scope?.Attributes ?? [])
        {
            WriteTag(json, attribute);
        }

        json.WriteEndArray();
    }

    private static void WriteLogs(Utf8JsonWriter json, Span span)
    {
        json.WriteStartArray(Names.Logs);
        foreach (var spanEvent in span.Events)
        {
            json.WriteStartObject();
            json.WriteNumber(Names.Timestamp, (long)(spanEvent.TimeUnixNano / 1000));
            json.WriteStartArray(Names.Fields);
            if (!string.IsNullOrEmpty(spanEvent.Name))
            {
                WriteTag(json, "event", Names.String, spanEvent.Name);
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
    // (AttributeText), except bytes, which Jaeger reads as hex. Numbers are formatted on the stack, as AttributeText
    // formats them.
    private static void WriteTag(Utf8JsonWriter json, KeyValue attribute)
    {
        var value = attribute.Value;
        Span<char> text = stackalloc char[64];
        int length;
        switch (value?.ValueCase)
        {
            case AnyValue.ValueOneofCase.BoolValue:
                WriteTag(json, attribute.Key, Names.Bool, value.BoolValue ? "true" : "false");
                return;
            case AnyValue.ValueOneofCase.IntValue when value.IntValue.TryFormat(text, out length, default, CultureInfo.InvariantCulture):
                WriteTag(json, attribute.Key, Names.Int64, text[..length]);
                return;
            case AnyValue.ValueOneofCase.DoubleValue when value.DoubleValue.TryFormat(text, out length, "R", CultureInfo.InvariantCulture):
                WriteTag(json, attribute.Key, Names.Float64, text[..length]);
                return;
            case AnyValue.ValueOneofCase.BytesValue:
                WriteTag(json, attribute.Key, Names.Binary, Convert.ToHexStringLower(value.BytesValue.Span));
                return;
            case AnyValue.ValueOneofCase.StringValue:
                WriteTag(json, attribute.Key, Names.String, value.StringValue);
                return;
            default:
                WriteTag(json, attribute.Key, Names.String, AttributeText.Format(value));
                return;
        }
    }

    private static void WriteTag(Utf8JsonWriter json, string key, JsonEncodedText type, ReadOnlySpan<char> value)
    {
        json.WriteStartObject();
        json.WriteString(Names.Key, key);
        json.WriteString(Names.Type, type);
        json.WriteString(Names.Value, value);
        json.WriteEndObject();
    }

    /// <summary>What a thread writes its documents in.</summary>
    private sealed class Scratch
    {
        public ArrayBufferWriter<byte> Document { get; } = new(8192);

        public ArrayBufferWriter<byte> Otlp { get; } = new(4096);

        public Utf8JsonWriter Json { get; } = new(Stream.Null);
    }

    /// <summary>The document's property names and fixed values, encoded once.</summary>
    private static class Names
    {
        public static readonly JsonEncodedText Tenant = JsonEncodedText.Encode(TenantField);
        public static readonly JsonEncodedText TraceId = JsonEncodedText.Encode("traceID");
        public static readonly JsonEncodedText SpanId = JsonEncodedText.Encode("spanID");
        public static readonly JsonEncodedText ParentSpanId = JsonEncodedText.Encode("parentSpanID");
        public static readonly JsonEncodedText Flags = JsonEncodedText.Encode("flags");
        public static readonly JsonEncodedText OperationName = JsonEncodedText.Encode("operationName");
        public static readonly JsonEncodedText References = JsonEncodedText.Encode("references");
        public static readonly JsonEncodedText RefType = JsonEncodedText.Encode("refType");
        public static readonly JsonEncodedText ChildOf = JsonEncodedText.Encode(JaegerSpanDocument.ChildOf);
        public static readonly JsonEncodedText FollowsFrom = JsonEncodedText.Encode(JaegerSpanDocument.FollowsFrom);
        public static readonly JsonEncodedText StartTime = JsonEncodedText.Encode("startTime");
        public static readonly JsonEncodedText StartTimeMillis = JsonEncodedText.Encode("startTimeMillis");
        public static readonly JsonEncodedText Duration = JsonEncodedText.Encode("duration");
        public static readonly JsonEncodedText Tags = JsonEncodedText.Encode("tags");
        public static readonly JsonEncodedText Logs = JsonEncodedText.Encode("logs");
        public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
        public static readonly JsonEncodedText Fields = JsonEncodedText.Encode("fields");
        public static readonly JsonEncodedText Process = JsonEncodedText.Encode("process");
        public static readonly JsonEncodedText ServiceName = JsonEncodedText.Encode("serviceName");
        public static readonly JsonEncodedText LinkTags = JsonEncodedText.Encode("linkTags");
        public static readonly JsonEncodedText Otlp = JsonEncodedText.Encode("otlp");
        public static readonly JsonEncodedText Key = JsonEncodedText.Encode("key");
        public static readonly JsonEncodedText Type = JsonEncodedText.Encode("type");
        public static readonly JsonEncodedText Value = JsonEncodedText.Encode("value");
        public static readonly JsonEncodedText String = JsonEncodedText.Encode("string");
        public static readonly JsonEncodedText Bool = JsonEncodedText.Encode("bool");
        public static readonly JsonEncodedText Int64 = JsonEncodedText.Encode("int64");
        public static readonly JsonEncodedText Float64 = JsonEncodedText.Encode("float64");
        public static readonly JsonEncodedText Binary = JsonEncodedText.Encode("binary");
    }

    private static ResourceSpans FromJaegerFields(JsonElement document)
    {
        var span = new Span
        {
            TraceId = Id(document, "traceID", 16),
            SpanId = Id(document, "spanID", 8),
            Name = Text(document, "operationName"),
            Flags = (uint)Math.Min(Number(document, "flags"), uint.MaxValue),
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
        if (document.ValueKind == JsonValueKind.Object && document.TryGetProperty("process", out var process))
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
        var text = tag.ValueKind == JsonValueKind.Object && tag.TryGetProperty("value", out var raw) ? (raw.ValueKind == JsonValueKind.String ? StoredText.Of(raw) : raw.GetRawText()) : "";
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

    private static string Text(JsonElement element, string name) => StoredText.Of(element, name);

    private static long Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var n) ? Math.Max(n, 0) : 0;

    private static IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : [];
}
