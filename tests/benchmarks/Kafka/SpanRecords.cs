using Confluent.Kafka;
using Google.Protobuf;
using Jaeger.Streaming.Benchmarks.Load;
using Jaeger.Streaming.Collector.Splitting;
using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Benchmarks.Kafka;

/// <summary>
/// The per-trace Kafka records the collector would write for <see cref="RealisticLoad"/>: split by its own
/// <see cref="TraceSplitter"/>, keyed and headed per DESIGN §3. Raw produce and raw consume use these very bytes.
/// </summary>
internal sealed class SpanRecords
{
    private SpanRecords(SpanRecord[] records, long spans)
    {
        All = records;
        Spans = spans;
    }

    public IReadOnlyList<SpanRecord> All { get; }

    public long Spans { get; }

    public double SpansPerRecord => (double)Spans / All.Count;

    // Every record shares one instance; the producer only reads headers.
    public static Headers Headers { get; } = new()
    {
        { SpanRecordContract.ContentTypeHeader, System.Text.Encoding.ASCII.GetBytes(SpanRecordContract.ContentType) },
        { SpanRecordContract.SchemaVersionHeader, System.Text.Encoding.ASCII.GetBytes(SpanRecordContract.SchemaVersion) },
    };

    public static SpanRecords From(RealisticLoad load)
    {
        var splitter = new TraceSplitter();
        var records = new List<SpanRecord>();
        long spans = 0;
        foreach (var request in load.Requests)
        {
            foreach (var trace in splitter.Split(request))
            {
                var count = 0;
                foreach (var resource in trace.Spans.ResourceSpans)
                {
                    foreach (var scope in resource.ScopeSpans)
                    {
                        count += scope.Spans.Count;
                    }
                }

                records.Add(new SpanRecord(trace.TraceId.ToBytes(), SpanRecordContract.KeyFor(trace.TraceId), trace.Spans.ToByteArray(), count));
                spans += count;
            }
        }

        return new SpanRecords([.. records], spans);
    }
}

/// <summary>One trace's record: its id (to rewrite, see <see cref="FreshTraceIds"/>), key, encoded value and span count.</summary>
internal sealed record SpanRecord(byte[] TraceId, byte[] Key, byte[] Value, int Spans);
