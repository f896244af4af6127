using Confluent.Kafka;
using Google.Protobuf;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Ingester.Tests.Support;

/// <summary>Produces span records as the collector does (DESIGN §3): one trace per record, keyed by its id.</summary>
internal sealed class SpanRecordProducer(string bootstrapServers) : IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
    {
        BootstrapServers = bootstrapServers,
        Acks = Acks.All,
        EnableIdempotence = true,
    }).SetLogHandler((_, _) => { }).Build();

    /// <summary>A record holding <paramref name="spans"/> spans of a new trace; returns the trace.</summary>
    public async Task<TraceIdBytes> ProduceTraceAsync(int spans = 3)
    {
        var traceId = Otlp.NewTraceId();
        var request = Otlp.Request(Otlp.ResourceSpans("checkout", Enumerable.Range(0, spans).Select(i => Otlp.Span(traceId, $"op-{i}")).ToArray()));
        await ProduceAsync(SpanRecordContract.KeyFor(traceId.Id), request.ToByteArray(), ContractHeaders());
        return traceId;
    }

    public async Task<List<TraceIdBytes>> ProduceTracesAsync(int traces, int spansPerTrace = 3)
    {
        var produced = await Task.WhenAll(Enumerable.Range(0, traces).Select(_ => ProduceTraceAsync(spansPerTrace)));
        return [.. produced];
    }

    public Task<DeliveryResult<byte[], byte[]>> ProduceAsync(byte[] key, byte[] value, Headers headers) =>
        _producer.ProduceAsync(SpanRecordContract.DefaultTopic, new Message<byte[], byte[]> { Key = key, Value = value, Headers = headers });

    public static Headers ContractHeaders() => new()
    {
        { SpanRecordContract.ContentTypeHeader, System.Text.Encoding.ASCII.GetBytes(SpanRecordContract.ContentType) },
        { SpanRecordContract.SchemaVersionHeader, System.Text.Encoding.ASCII.GetBytes(SpanRecordContract.SchemaVersion) },
    };

    public void Dispose() => _producer.Dispose();
}
