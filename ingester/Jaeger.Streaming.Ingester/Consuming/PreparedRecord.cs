using Confluent.Kafka;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Ingester.Consuming;

/// <summary>
/// A record's spans in the storage's own form, or the record and why it cannot be stored (it then goes to the
/// dead-letter topic).
/// </summary>
internal readonly record struct PreparedRecord(PreparedSpans? Spans, (ConsumeResult<byte[], byte[]> Record, RecordRejection Why)? Rejected);
