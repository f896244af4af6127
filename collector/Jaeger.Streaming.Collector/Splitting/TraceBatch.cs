using Google.Protobuf;
using Jaeger.Streaming.Collector.Publishing;
using Jaeger.Streaming.Schemas;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Splitting;

/// <summary>The spans of one trace from one request, as the Kafka record value (DESIGN §3).</summary>
internal sealed record TraceBatch(TraceId TraceId, ExportTraceServiceRequest Spans)
{
    public TraceRecord Encode() => new(TraceId, Spans.ToByteArray());
}
