namespace Jaeger.Streaming.Ingester.Decoding;

/// <summary>
/// Why a record cannot be ingested: <see cref="Reason"/> is a short, fixed code (the dead-letter metric's label),
/// <see cref="Message"/> the full explanation that goes into the dead-letter record's headers and the log.
/// </summary>
internal sealed record RecordRejection(string Reason, string Message)
{
    public const string UnsupportedSchemaVersion = "unsupported_schema_version";
    public const string UnsupportedContentType = "unsupported_content_type";
    public const string EmptyValue = "empty_value";
    public const string NotOtlpProtobuf = "not_otlp_protobuf";
    public const string InvalidTraceId = "invalid_trace_id";
    public const string InvalidSpanId = "invalid_span_id";
    public const string MultipleTraces = "multiple_traces";
    public const string NoSpans = "no_spans";
    public const string InvalidTenant = "invalid_tenant";
    public const string RefusedByStorage = "refused_by_storage";
    public const string IngesterFault = "ingester_fault";
}
