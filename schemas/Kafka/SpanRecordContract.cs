namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>
/// The Kafka record contract between collector and ingester (DESIGN §3): one OTLP
/// <c>ExportTraceServiceRequest</c> per record holding the spans of exactly one trace, keyed by the trace id in hex.
/// It is the OTel kafkaexporter's <c>otlp_proto</c> encoding with <c>partition_traces_by_id</c>.
/// </summary>
public static class SpanRecordContract
{
    public const string DefaultTopic = "jaeger-spans";
    public const string DefaultDeadLetterTopic = "jaeger-spans-dlq";
    public const string DefaultConsumerGroup = "jaeger-ingester";

    public const string ContentTypeHeader = "content-type";
    public const string ContentType = "application/x-protobuf";
    public const string SchemaVersionHeader = "schema-version";
    public const string SchemaVersion = "1";
    public const string TenantHeader = "x-tenant";

    /// <summary>Dead-letter headers: why the record was rejected, where it came from, and when.</summary>
    public static class DeadLetter
    {
        public const string Reason = "x-dlq-reason";
        public const string SourceTopic = "x-dlq-source-topic";
        public const string SourcePartition = "x-dlq-source-partition";
        public const string SourceOffset = "x-dlq-source-offset";
        public const string RejectedAt = "x-dlq-rejected-at";
    }

    /// <summary>The record key: the trace id as 32 lowercase hex characters, so a trace stays on one partition.</summary>
    public static byte[] KeyFor(TraceId traceId) => System.Text.Encoding.ASCII.GetBytes(traceId.ToString());
}
