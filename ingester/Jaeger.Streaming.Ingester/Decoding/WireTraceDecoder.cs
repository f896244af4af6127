using System.Text;
using Google.Protobuf;
using Google.Protobuf.Collections;
using Jaeger.Streaming.Schemas.Otlp.Wire;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;
using Fields = Jaeger.Streaming.Schemas.Otlp.Wire.OtlpFields;

namespace Jaeger.Streaming.Ingester.Decoding;

/// <summary>
/// Builds a span record's <see cref="ExportTraceServiceRequest"/> straight from its bytes, for the records the
/// collector writes: every field OTLP declares, each message field at most once. Keys, names and short values come
/// from a per-thread <see cref="Utf8StringPool"/>, ids wrap the record's own bytes, and attribute lists are sized
/// before they fill; Google.Protobuf's <c>ParseFrom</c> does none of that and allocates half as much again per span.
/// Anything else (an unknown field, a message field repeated, which protobuf merges, invalid UTF-8, deep nesting,
/// malformed bytes) returns null, and the caller parses the record with Google.Protobuf, whose result is then the
/// reference: this decoder never decides what a record means on its own.
/// </summary>
internal sealed class WireTraceDecoder
{
    /// <summary>Values nested deeper than this are left to Google.Protobuf, which has its own recursion limit.</summary>
    private const int MaxValueDepth = 16;

    private readonly ThreadLocal<Utf8StringPool> _pools = new(() => new Utf8StringPool());

    /// <summary>The request in <paramref name="value"/>, or null when Google.Protobuf must decide.</summary>
    public ExportTraceServiceRequest? TryDecode(byte[] value)
    {
        try
        {
            var reading = new Reading(value, _pools.Value!);
            return reading.Request();
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }

    /// <summary>One record's decode: its bytes and the thread's string pool. Each method returns null to give up.</summary>
    private readonly struct Reading(byte[] body, Utf8StringPool strings)
    {
        public ExportTraceServiceRequest? Request()
        {
            var request = new ExportTraceServiceRequest();
            var reader = new ProtoReader(body, 0, body.Length);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire)
                    || field != Fields.ExportTraceServiceRequest.ResourceSpans
                    || !reader.TryReadLengthDelimited(wire, out var start, out var end)
                    || ReadResourceSpans(start, end) is not { } resourceSpans)
                {
                    return null;
                }

                request.ResourceSpans.Add(resourceSpans);
            }

            return request;
        }

        private ResourceSpans? ReadResourceSpans(int start, int end)
        {
            var resourceSpans = new ResourceSpans();
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                switch (field)
                {
                    case Fields.ResourceSpans.Resource when resourceSpans.Resource is null:
                        if (!reader.TryReadLengthDelimited(wire, out var rs, out var re) || ReadResource(rs, re) is not { } resource)
                        {
                            return null;
                        }

                        resourceSpans.Resource = resource;
                        break;
                    case Fields.ResourceSpans.ScopeSpans:
                        if (!reader.TryReadLengthDelimited(wire, out var ss, out var se) || ReadScopeSpans(ss, se) is not { } scopeSpans)
                        {
                            return null;
                        }

                        resourceSpans.ScopeSpans.Add(scopeSpans);
                        break;
                    case Fields.ResourceSpans.SchemaUrl:
                        ok = TryString(ref reader, wire, out var schemaUrl);
                        resourceSpans.SchemaUrl = schemaUrl;
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return resourceSpans;
        }

        private Resource? ReadResource(int start, int end)
        {
            var resource = new Resource();
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                switch (field)
                {
                    case Fields.Resource.Attributes:
                        ok = TryAttribute(ref reader, wire, resource.Attributes);
                        break;
                    case Fields.Resource.DroppedAttributesCount:
                        ok = reader.TryReadVarint(wire, out var dropped);
                        resource.DroppedAttributesCount = (uint)dropped;
                        break;
                    case Fields.Resource.EntityRefs:
                        if (!reader.TryReadLengthDelimited(wire, out var es, out var ee) || ReadEntityRef(es, ee) is not { } entityRef)
                        {
                            return null;
                        }

                        resource.EntityRefs.Add(entityRef);
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return resource;
        }

        private EntityRef? ReadEntityRef(int start, int end)
        {
            var entityRef = new EntityRef();
            var reader = new ProtoReader(body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire) || !TryString(ref reader, wire, out var text))
                {
                    return null;
                }

                switch (field)
                {
                    case Fields.EntityRef.SchemaUrl:
                        entityRef.SchemaUrl = text;
                        break;
                    case Fields.EntityRef.Type:
                        entityRef.Type = text;
                        break;
                    case Fields.EntityRef.IdKeys:
                        entityRef.IdKeys.Add(text);
                        break;
                    case Fields.EntityRef.DescriptionKeys:
                        entityRef.DescriptionKeys.Add(text);
                        break;
                    default:
                        return null;
                }
            }

            return entityRef;
        }

        private ScopeSpans? ReadScopeSpans(int start, int end)
        {
            var scopeSpans = new ScopeSpans();
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                switch (field)
                {
                    case Fields.ScopeSpans.Scope when scopeSpans.Scope is null:
                        if (!reader.TryReadLengthDelimited(wire, out var cs, out var ce) || ReadScope(cs, ce) is not { } scope)
                        {
                            return null;
                        }

                        scopeSpans.Scope = scope;
                        break;
                    case Fields.ScopeSpans.Spans:
                        if (!reader.TryReadLengthDelimited(wire, out var ss, out var se) || ReadSpan(ss, se) is not { } span)
                        {
                            return null;
                        }

                        scopeSpans.Spans.Add(span);
                        break;
                    case Fields.ScopeSpans.SchemaUrl:
                        ok = TryString(ref reader, wire, out var schemaUrl);
                        scopeSpans.SchemaUrl = schemaUrl;
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return scopeSpans;
        }

        private InstrumentationScope? ReadScope(int start, int end)
        {
            var scope = new InstrumentationScope();
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                switch (field)
                {
                    case Fields.InstrumentationScope.Name:
                        ok = TryString(ref reader, wire, out var name);
                        scope.Name = name;
                        break;
                    case Fields.InstrumentationScope.Version:
                        ok = TryString(ref reader, wire, out var version);
                        scope.Version = version;
                        break;
                    case Fields.InstrumentationScope.Attributes:
                        ok = TryAttribute(ref reader, wire, scope.Attributes);
                        break;
                    case Fields.InstrumentationScope.DroppedAttributesCount:
                        ok = reader.TryReadVarint(wire, out var dropped);
                        scope.DroppedAttributesCount = (uint)dropped;
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return scope;
        }

        private Span? ReadSpan(int start, int end)
        {
            // Room for the summary redaction adds to a span it changed (redaction.count, redaction.detectors), so that
            // adding it does not copy the list into one twice its size.
            const int redactionSummary = 2;
            var span = new Span();
            span.Attributes.Capacity = CountAttributes(start, end) + redactionSummary;
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                ulong number;
                switch (field)
                {
                    case Fields.Span.TraceId:
                        ok = TryBytes(ref reader, wire, out var traceId);
                        span.TraceId = traceId;
                        break;
                    case Fields.Span.SpanId:
                        ok = TryBytes(ref reader, wire, out var spanId);
                        span.SpanId = spanId;
                        break;
                    case Fields.Span.TraceState:
                        ok = TryString(ref reader, wire, out var traceState);
                        span.TraceState = traceState;
                        break;
                    case Fields.Span.ParentSpanId:
                        ok = TryBytes(ref reader, wire, out var parentSpanId);
                        span.ParentSpanId = parentSpanId;
                        break;
                    case Fields.Span.Name:
                        ok = TryString(ref reader, wire, out var name);
                        span.Name = name;
                        break;
                    case Fields.Span.Kind:
                        ok = reader.TryReadVarint(wire, out number);
                        span.Kind = (Span.Types.SpanKind)(int)number;
                        break;
                    case Fields.Span.StartTimeUnixNano:
                        ok = reader.TryReadFixed64(wire, out number);
                        span.StartTimeUnixNano = number;
                        break;
                    case Fields.Span.EndTimeUnixNano:
                        ok = reader.TryReadFixed64(wire, out number);
                        span.EndTimeUnixNano = number;
                        break;
                    case Fields.Span.Attributes:
                        ok = TryAttribute(ref reader, wire, span.Attributes);
                        break;
                    case Fields.Span.DroppedAttributesCount:
                        ok = reader.TryReadVarint(wire, out number);
                        span.DroppedAttributesCount = (uint)number;
                        break;
                    case Fields.Span.Events:
                        if (!reader.TryReadLengthDelimited(wire, out var es, out var ee) || ReadEvent(es, ee) is not { } spanEvent)
                        {
                            return null;
                        }

                        span.Events.Add(spanEvent);
                        break;
                    case Fields.Span.DroppedEventsCount:
                        ok = reader.TryReadVarint(wire, out number);
                        span.DroppedEventsCount = (uint)number;
                        break;
                    case Fields.Span.Links:
                        if (!reader.TryReadLengthDelimited(wire, out var ls, out var le) || ReadLink(ls, le) is not { } link)
                        {
                            return null;
                        }

                        span.Links.Add(link);
                        break;
                    case Fields.Span.DroppedLinksCount:
                        ok = reader.TryReadVarint(wire, out number);
                        span.DroppedLinksCount = (uint)number;
                        break;
                    case Fields.Span.Status when span.Status is null:
                        if (!reader.TryReadLengthDelimited(wire, out var ss, out var se) || ReadStatus(ss, se) is not { } status)
                        {
                            return null;
                        }

                        span.Status = status;
                        break;
                    case Fields.Span.Flags:
                        ok = reader.TryReadFixed32(wire, out var flags);
                        span.Flags = flags;
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return span;
        }

        /// <summary>A span's attribute count, so its list is allocated once at its size; a malformed span counts what it can.</summary>
        private int CountAttributes(int start, int end)
        {
            var count = 0;
            var reader = new ProtoReader(body, start, end);
            while (!reader.AtEnd && reader.TryReadTag(out var field, out var wire) && reader.TrySkip(wire))
            {
                if (field == Fields.Span.Attributes)
                {
                    count++;
                }
            }

            return count;
        }

        private Span.Types.Event? ReadEvent(int start, int end)
        {
            var spanEvent = new Span.Types.Event();
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                switch (field)
                {
                    case Fields.Event.TimeUnixNano:
                        ok = reader.TryReadFixed64(wire, out var time);
                        spanEvent.TimeUnixNano = time;
                        break;
                    case Fields.Event.Name:
                        ok = TryString(ref reader, wire, out var name);
                        spanEvent.Name = name;
                        break;
                    case Fields.Event.Attributes:
                        ok = TryAttribute(ref reader, wire, spanEvent.Attributes);
                        break;
                    case Fields.Event.DroppedAttributesCount:
                        ok = reader.TryReadVarint(wire, out var dropped);
                        spanEvent.DroppedAttributesCount = (uint)dropped;
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return spanEvent;
        }

        private Span.Types.Link? ReadLink(int start, int end)
        {
            var link = new Span.Types.Link();
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                switch (field)
                {
                    case Fields.Link.TraceId:
                        ok = TryBytes(ref reader, wire, out var traceId);
                        link.TraceId = traceId;
                        break;
                    case Fields.Link.SpanId:
                        ok = TryBytes(ref reader, wire, out var spanId);
                        link.SpanId = spanId;
                        break;
                    case Fields.Link.TraceState:
                        ok = TryString(ref reader, wire, out var traceState);
                        link.TraceState = traceState;
                        break;
                    case Fields.Link.Attributes:
                        ok = TryAttribute(ref reader, wire, link.Attributes);
                        break;
                    case Fields.Link.DroppedAttributesCount:
                        ok = reader.TryReadVarint(wire, out var dropped);
                        link.DroppedAttributesCount = (uint)dropped;
                        break;
                    case Fields.Link.Flags:
                        ok = reader.TryReadFixed32(wire, out var flags);
                        link.Flags = flags;
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return link;
        }

        private Status? ReadStatus(int start, int end)
        {
            var status = new Status();
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                switch (field)
                {
                    case Fields.Status.Message:
                        ok = TryString(ref reader, wire, out var message);
                        status.Message = message;
                        break;
                    case Fields.Status.Code:
                        ok = reader.TryReadVarint(wire, out var code);
                        status.Code = (Status.Types.StatusCode)(int)code;
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return status;
        }

        private bool TryAttribute(ref ProtoReader reader, WireType wire, RepeatedField<KeyValue> attributes, int depth = 0)
        {
            if (!reader.TryReadLengthDelimited(wire, out var start, out var end) || ReadKeyValue(start, end, depth) is not { } attribute)
            {
                return false;
            }

            attributes.Add(attribute);
            return true;
        }

        private KeyValue? ReadKeyValue(int start, int end, int depth)
        {
            var keyValue = new KeyValue();
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                switch (field)
                {
                    case Fields.KeyValue.Key:
                        ok = TryString(ref reader, wire, out var key);
                        keyValue.Key = key;
                        break;
                    case Fields.KeyValue.Value when keyValue.Value is null:
                        if (!reader.TryReadLengthDelimited(wire, out var vs, out var ve) || ReadAnyValue(vs, ve, depth) is not { } value)
                        {
                            return null;
                        }

                        keyValue.Value = value;
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return keyValue;
        }

        private AnyValue? ReadAnyValue(int start, int end, int depth)
        {
            var value = new AnyValue();
            var reader = new ProtoReader(body, start, end);
            var ok = true;
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire))
                {
                    return null;
                }

                ulong number;
                switch (field)
                {
                    case Fields.AnyValue.StringValue:
                        ok = TryString(ref reader, wire, out var text);
                        value.StringValue = text;
                        break;
                    case Fields.AnyValue.BoolValue:
                        ok = reader.TryReadVarint(wire, out number);
                        value.BoolValue = number != 0;
                        break;
                    case Fields.AnyValue.IntValue:
                        ok = reader.TryReadVarint(wire, out number);
                        value.IntValue = (long)number;
                        break;
                    case Fields.AnyValue.DoubleValue:
                        ok = reader.TryReadFixed64(wire, out number);
                        value.DoubleValue = BitConverter.UInt64BitsToDouble(number);
                        break;
                    case Fields.AnyValue.BytesValue:
                        ok = TryBytes(ref reader, wire, out var bytes);
                        value.BytesValue = bytes;
                        break;
                    case Fields.AnyValue.ArrayValue when value.ValueCase is not (AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue):
                        if (depth >= MaxValueDepth || !reader.TryReadLengthDelimited(wire, out var arrayStart, out var arrayEnd)
                            || ReadArrayValue(arrayStart, arrayEnd, depth + 1) is not { } array)
                        {
                            return null;
                        }

                        value.ArrayValue = array;
                        break;
                    case Fields.AnyValue.KvlistValue when value.ValueCase is not (AnyValue.ValueOneofCase.ArrayValue or AnyValue.ValueOneofCase.KvlistValue):
                        if (depth >= MaxValueDepth || !reader.TryReadLengthDelimited(wire, out var listStart, out var listEnd)
                            || ReadKeyValueList(listStart, listEnd, depth + 1) is not { } list)
                        {
                            return null;
                        }

                        value.KvlistValue = list;
                        break;
                    default:
                        return null;
                }

                if (!ok)
                {
                    return null;
                }
            }

            return value;
        }

        private ArrayValue? ReadArrayValue(int start, int end, int depth)
        {
            var array = new ArrayValue();
            var reader = new ProtoReader(body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire)
                    || field != Fields.ListValues
                    || !reader.TryReadLengthDelimited(wire, out var vs, out var ve)
                    || ReadAnyValue(vs, ve, depth) is not { } value)
                {
                    return null;
                }

                array.Values.Add(value);
            }

            return array;
        }

        private KeyValueList? ReadKeyValueList(int start, int end, int depth)
        {
            var list = new KeyValueList();
            var reader = new ProtoReader(body, start, end);
            while (!reader.AtEnd)
            {
                if (!reader.TryReadTag(out var field, out var wire) || field != Fields.ListValues || !TryAttribute(ref reader, wire, list.Values, depth))
                {
                    return null;
                }
            }

            return list;
        }

        private bool TryString(ref ProtoReader reader, WireType wire, out string text)
        {
            text = "";
            if (!reader.TryReadLengthDelimited(wire, out var start, out var end))
            {
                return false;
            }

            text = strings.Get(body.AsSpan(start, end - start));
            return true;
        }

        /// <summary>The bytes where they lie: a record's array is never reused, and the message dies with the record.</summary>
        private bool TryBytes(ref ProtoReader reader, WireType wire, out ByteString bytes)
        {
            bytes = ByteString.Empty;
            if (!reader.TryReadLengthDelimited(wire, out var start, out var end))
            {
                return false;
            }

            bytes = end == start ? ByteString.Empty : UnsafeByteOperations.UnsafeWrap(body.AsMemory(start, end - start));
            return true;
        }
    }
}
