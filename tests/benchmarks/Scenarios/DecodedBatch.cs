using Jaeger.Streaming.Benchmarks.Kafka;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Redaction;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Benchmarks.Scenarios;

/// <summary>
/// One caller's batch as the ingester hands it to a store: consecutive records, decoded and redacted once. Every write
/// first moves each trace to a fresh id (<see cref="Fresh"/>), which costs well under 1% of the write, so the store inserts.
/// </summary>
internal sealed class DecodedBatch
{
    private readonly ExportTraceServiceRequest[] _traces;
    private readonly FreshTraceIds _fresh = new();

    public DecodedBatch(SpanRecords records, int first, int count, SpanRecordDecoder decoder, SpanRedactor redactor)
    {
        _traces = new ExportTraceServiceRequest[count];
        for (var i = 0; i < count; i++)
        {
            var record = records.All[(first + i) % records.All.Count];
            _traces[i] = IngesterStepCost.Decode(decoder, record);
            redactor.Redact(_traces[i]);
            Spans += record.Spans;
        }
    }

    public int Spans { get; }

    /// <summary>The batch's traces, each under a trace id never written before; the previous ids are gone.</summary>
    public ExportTraceServiceRequest[] Fresh()
    {
        for (var i = 0; i < _traces.Length; i++)
        {
            _fresh.Stamp(_traces[i].ResourceSpans);
        }

        return _traces;
    }
}
