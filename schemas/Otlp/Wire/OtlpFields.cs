namespace Jaeger.Streaming.Schemas.Otlp.Wire;

/// <summary>
/// Field numbers of the OTLP trace messages that the collector's wire scan and the ingester's wire decoder read, as
/// declared in schemas/Protos/opentelemetry/proto (collector/trace/v1/trace_service.proto, trace/v1/trace.proto,
/// resource/v1/resource.proto, common/v1/common.proto).
/// </summary>
public static class OtlpFields
{
    public static class ExportTraceServiceRequest
    {
        public const int ResourceSpans = 1;
    }

    public static class ResourceSpans
    {
        public const int Resource = 1;
        public const int ScopeSpans = 2;
        public const int SchemaUrl = 3;
    }

    public static class Resource
    {
        public const int Attributes = 1;
        public const int DroppedAttributesCount = 2;
        public const int EntityRefs = 3;
    }

    public static class EntityRef
    {
        public const int SchemaUrl = 1;
        public const int Type = 2;
        public const int IdKeys = 3;
        public const int DescriptionKeys = 4;
    }

    public static class ScopeSpans
    {
        public const int Scope = 1;
        public const int Spans = 2;
        public const int SchemaUrl = 3;
    }

    public static class InstrumentationScope
    {
        public const int Name = 1;
        public const int Version = 2;
        public const int Attributes = 3;
        public const int DroppedAttributesCount = 4;
    }

    public static class Span
    {
        public const int TraceId = 1;
        public const int SpanId = 2;
        public const int TraceState = 3;
        public const int ParentSpanId = 4;
        public const int Name = 5;
        public const int Kind = 6;
        public const int StartTimeUnixNano = 7;
        public const int EndTimeUnixNano = 8;
        public const int Attributes = 9;
        public const int DroppedAttributesCount = 10;
        public const int Events = 11;
        public const int DroppedEventsCount = 12;
        public const int Links = 13;
        public const int DroppedLinksCount = 14;
        public const int Status = 15;
        public const int Flags = 16;
    }

    public static class Event
    {
        public const int TimeUnixNano = 1;
        public const int Name = 2;
        public const int Attributes = 3;
        public const int DroppedAttributesCount = 4;
    }

    public static class Link
    {
        public const int TraceId = 1;
        public const int SpanId = 2;
        public const int TraceState = 3;
        public const int Attributes = 4;
        public const int DroppedAttributesCount = 5;
        public const int Flags = 6;
    }

    public static class Status
    {
        public const int Message = 2;
        public const int Code = 3;
    }

    public static class KeyValue
    {
        public const int Key = 1;
        public const int Value = 2;
    }

    public static class AnyValue
    {
        public const int StringValue = 1;
        public const int BoolValue = 2;
        public const int IntValue = 3;
        public const int DoubleValue = 4;
        public const int ArrayValue = 5;
        public const int KvlistValue = 6;
        public const int BytesValue = 7;
    }

    /// <summary>ArrayValue.values and KeyValueList.values.</summary>
    public const int ListValues = 1;
}
