using System.Numerics;
using Jaeger.Streaming.Collector.Publishing;
using Jaeger.Streaming.Schemas.Otlp.Wire;

namespace Jaeger.Streaming.Collector.Wire;

/// <summary>
/// Splits a clean request into one record per trace by copying byte ranges of its body: each record is an
/// <c>ExportTraceServiceRequest</c> whose ResourceSpans and ScopeSpans carry the original Resource, scope and
/// schema_url bytes and the trace's original span bytes, with only the length prefixes computed anew. It groups as
/// <see cref="Splitting.TraceSplitter"/> does: a new ResourceSpans or ScopeSpans whenever the source one changes.
/// Each record is one array of exactly its size, and none refers to the body afterwards.
/// </summary>
internal sealed class WireTraceSplitter
{
    // Tags of the length-delimited fields written: (field << 3) | 2, one byte each for fields 1 to 3.
    private const byte Field1 = (1 << 3) | 2;
    private const byte Field2 = (2 << 3) | 2;
    private const byte Field3 = (3 << 3) | 2;

    public List<TraceRecord> Split(WireRequest request, ReadOnlySpan<byte> body)
    {
        var records = new List<TraceRecord>(request.Traces.Count);

        // Sizes of each ResourceSpans and ScopeSpans of a record, in the order they are written.
        var sizes = new List<int>();
        foreach (var trace in request.Traces)
        {
            sizes.Clear();
            // Every byte is written below, so the GC need not zero the array first; zeroing these records was ~4% of
            // the benchmark process's CPU in a profile (issue #9). The check keeps a mis-measure from shipping garbage.
            var record = GC.AllocateUninitializedArray<byte>(Measure(request, trace.First, sizes));
            if (Write(request, trace.First, sizes, body, record) != record.Length)
            {
                throw new InvalidOperationException("A wire record was not written to exactly its measured size.");
            }

            records.Add(new TraceRecord(trace.Id, record));
        }

        return records;
    }

    private static int Measure(WireRequest request, int first, List<int> sizes)
    {
        var total = 0;
        var (resource, scope, resourceSize, scopeSize) = (-1, -1, -1, -1);
        for (var i = first; i >= 0; i = request.Spans[i].Next)
        {
            var span = request.Spans[i];
            var source = request.Scopes[span.Scope];
            if (source.Resource != resource || span.Scope != scope)
            {
                if (scope >= 0)
                {
                    sizes[resourceSize] += Framed(sizes[scopeSize]);
                }

                if (source.Resource != resource)
                {
                    if (resource >= 0)
                    {
                        total += Framed(sizes[resourceSize]);
                    }

                    resource = source.Resource;
                    var header = request.Resources[resource];
                    resourceSize = sizes.Count;
                    sizes.Add(MessageField(header.Start, header.Length) + StringField(header.SchemaUrlLength));
                }

                scope = span.Scope;
                scopeSize = sizes.Count;
                sizes.Add(MessageField(source.Start, source.Length) + StringField(source.SchemaUrlLength));
            }

            sizes[scopeSize] += Framed(span.Length);
        }

        sizes[resourceSize] += Framed(sizes[scopeSize]);
        return total + Framed(sizes[resourceSize]);
    }

    /// <summary>Writes the record and answers how many bytes it wrote.</summary>
    private static int Write(WireRequest request, int first, List<int> sizes, ReadOnlySpan<byte> body, Span<byte> record)
    {
        var writer = new RecordWriter(record, body);
        var next = 0;
        var (resource, scope) = (-1, -1);
        for (var i = first; i >= 0; i = request.Spans[i].Next)
        {
            var span = request.Spans[i];
            var source = request.Scopes[span.Scope];
            if (source.Resource != resource || span.Scope != scope)
            {
                // Schema URLs follow the repeated field, in field-number order, as protobuf encoders write them.
                if (scope >= 0)
                {
                    writer.StringField(Field3, request.Scopes[scope].SchemaUrlStart, request.Scopes[scope].SchemaUrlLength);
                }

                if (source.Resource != resource)
                {
                    if (resource >= 0)
                    {
                        writer.StringField(Field3, request.Resources[resource].SchemaUrlStart, request.Resources[resource].SchemaUrlLength);
                    }

                    resource = source.Resource;
                    var header = request.Resources[resource];
                    writer.Prefix(Field1, sizes[next++]);
                    writer.MessageField(Field1, header.Start, header.Length);
                }

                scope = span.Scope;
                writer.Prefix(Field2, sizes[next++]);
                writer.MessageField(Field1, source.Start, source.Length);
            }

            writer.Prefix(Field2, span.Length);
            writer.Copy(span.Start, span.Length);
        }

        writer.StringField(Field3, request.Scopes[scope].SchemaUrlStart, request.Scopes[scope].SchemaUrlLength);
        writer.StringField(Field3, request.Resources[resource].SchemaUrlStart, request.Resources[resource].SchemaUrlLength);
        return writer.Position;
    }

    /// <summary>The bytes of a length-delimited field with <paramref name="length"/> bytes of content.</summary>
    private static int Framed(int length) => 1 + VarintSize((uint)length) + length;

    /// <summary>A message field is written when present (<paramref name="start"/> not below 0), even when empty.</summary>
    private static int MessageField(int start, int length) => start < 0 ? 0 : Framed(length);

    /// <summary>A string field is written only when not empty, as protobuf encoders do.</summary>
    private static int StringField(int length) => length == 0 ? 0 : Framed(length);

    private static int VarintSize(uint value) => (BitOperations.Log2(value | 1) / 7) + 1;

    private ref struct RecordWriter(Span<byte> record, ReadOnlySpan<byte> body)
    {
        private readonly Span<byte> _record = record;
        private readonly ReadOnlySpan<byte> _body = body;
        private int _position;

        public readonly int Position => _position;

        public void Prefix(byte tag, int length) => _position += ProtoWriter.WriteTagAndLength(_record[_position..], tag, length);

        public void Copy(int start, int length)
        {
            _body.Slice(start, length).CopyTo(_record[_position..]);
            _position += length;
        }

        public void MessageField(byte tag, int start, int length)
        {
            if (start >= 0)
            {
                Prefix(tag, length);
                Copy(start, length);
            }
        }

        public void StringField(byte tag, int start, int length)
        {
            if (length > 0)
            {
                Prefix(tag, length);
                Copy(start, length);
            }
        }
    }
}
