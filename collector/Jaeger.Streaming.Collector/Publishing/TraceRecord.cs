using Jaeger.Streaming.Schemas;

namespace Jaeger.Streaming.Collector.Publishing;

/// <summary>One span record as produced: its trace and its encoded value, an <c>ExportTraceServiceRequest</c> (DESIGN §3).</summary>
internal readonly record struct TraceRecord(TraceId TraceId, byte[] Value);
