using System.Collections.Concurrent;
using Google.Protobuf;
using Jaeger.Streaming.Ingester.Tests.Support;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Tests.Delivery;

/// <summary>Records of one partition reach storage in offset order, however a batch is decoded.</summary>
public sealed class RecordOrderTests
{
    private const int Records = 200;

    [Fact]
    public async Task The_spans_of_one_partition_reach_the_writer_in_offset_order()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);

        // One key puts every record in one partition; each holds a trace of its own, produced one after another.
        var key = SpanRecordContract.KeyFor(Otlp.NewTraceId().Id);
        var produced = new List<ByteString>(Records);
        for (var i = 0; i < Records; i++)
        {
            var traceId = Otlp.NewTraceId();
            await producer.ProduceAsync(key, Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(traceId))).ToByteArray(), SpanRecordProducer.ContractHeaders());
            produced.Add(traceId.Bytes);
        }

        var written = new ConcurrentQueue<ByteString>();
        await using var ingester = await IngesterUnderTest.StartAsync(kafka, real => new RecordingWriter(real, written));
        await Eventually.HoldsAsync(() => written.Count >= Records, "every record is written");

        Assert.Equal(produced, written);
    }

    /// <summary>Notes each written span's trace id, in the order the writer was handed them.</summary>
    private sealed class RecordingWriter(ITraceWriter real, ConcurrentQueue<ByteString> written) : ITraceWriter
    {
        public PreparedSpans Prepare(string tenant, IReadOnlyList<ResourceSpans> spans) =>
            new Noted(real.Prepare(tenant, spans), [.. spans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(span => span.TraceId)]);

        public async Task WriteAsync(IReadOnlyList<PreparedSpans> batch, CancellationToken cancellationToken)
        {
            var noted = batch.Cast<Noted>().ToList();
            await real.WriteAsync(noted.ConvertAll(n => n.Inner), cancellationToken);
            foreach (var traceId in noted.SelectMany(n => n.TraceIds))
            {
                written.Enqueue(traceId);
            }
        }

        private sealed class Noted(PreparedSpans inner, ByteString[] traceIds) : PreparedSpans(inner.Tenant, inner.SpanCount)
        {
            public PreparedSpans Inner { get; } = inner;

            public ByteString[] TraceIds { get; } = traceIds;
        }
    }
}
