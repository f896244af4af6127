using System.Buffers;
using System.Text;
using Google.Protobuf;
using Jaeger.Streaming.Schemas.Otlp.Wire;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// Encodes one resource's and scope's spans each as it is stored, exactly as written: the embedded store's payload
/// (<see cref="Embedded.StoredSpan"/>) and the <c>otlp</c> field of an Elasticsearch span document. The resource and
/// scope are encoded once here rather than once per span (a writer encodes every span it stores). The bytes are those
/// of a <see cref="ResourceSpans"/> holding the resource, one <see cref="ScopeSpans"/> with the scope, both schema URLs
/// and the span, as Google.Protobuf would write it.
/// </summary>
public sealed class StoredSpanEncoder
{
    // Fields 1 (resource; scope), 2 (scope_spans; spans) and 3 (schema_url), the same in ResourceSpans and in
    // ScopeSpans, each length-delimited (wire type 2).
    private const byte Field1Tag = (1 << 3) | 2;
    private const byte Field2Tag = (2 << 3) | 2;
    private const byte Field3Tag = (3 << 3) | 2;

    // Each a field with its tag and length, or empty when the message leaves the field out.
    private readonly byte[] _resource;
    private readonly byte[] _resourceSchemaUrl;
    private readonly byte[] _scope;
    private readonly byte[] _scopeSchemaUrl;

    public StoredSpanEncoder(ResourceSpans resourceSpans, ScopeSpans scopeSpans)
    {
        _resource = MessageField(resourceSpans.Resource);
        _resourceSchemaUrl = SchemaUrlField(resourceSpans.SchemaUrl);
        _scope = MessageField(scopeSpans.Scope);
        _scopeSchemaUrl = SchemaUrlField(scopeSpans.SchemaUrl);
    }

    /// <summary>The span's bytes, in an array of their exact size.</summary>
    public byte[] Encode(Span span)
    {
        var (size, spanSize, scopeSpansSize) = Sizes(span);
        var payload = new byte[size];
        Write(payload, span, spanSize, scopeSpansSize);
        return payload;
    }

    /// <summary>The span's bytes, in place of what <paramref name="buffer"/> held; they stay valid until its next use.</summary>
    public ReadOnlySpan<byte> Encode(Span span, ArrayBufferWriter<byte> buffer)
    {
        var (size, spanSize, scopeSpansSize) = Sizes(span);
        buffer.ResetWrittenCount();
        Write(buffer.GetSpan(size)[..size], span, spanSize, scopeSpansSize);
        buffer.Advance(size);
        return buffer.WrittenSpan;
    }

    private (int Size, int SpanSize, int ScopeSpansSize) Sizes(Span span)
    {
        var spanSize = span.CalculateSize();
        var scopeSpansSize = _scope.Length + 1 + CodedOutputStream.ComputeLengthSize(spanSize) + spanSize + _scopeSchemaUrl.Length;
        return (_resource.Length + 1 + CodedOutputStream.ComputeLengthSize(scopeSpansSize) + scopeSpansSize + _resourceSchemaUrl.Length, spanSize, scopeSpansSize);
    }

    private void Write(Span<byte> payload, Span span, int spanSize, int scopeSpansSize)
    {
        var at = Append(payload, 0, _resource);
        at = AppendTagAndLength(payload, at, Field2Tag, scopeSpansSize);
        at = Append(payload, at, _scope);
        at = AppendTagAndLength(payload, at, Field2Tag, spanSize);
        span.WriteTo(payload.Slice(at, spanSize));
        at = Append(payload, at + spanSize, _scopeSchemaUrl);
        Append(payload, at, _resourceSchemaUrl);
    }

    private static int Append(Span<byte> payload, int at, byte[] field)
    {
        field.CopyTo(payload[at..]);
        return at + field.Length;
    }

    /// <summary>Field 1 as protobuf writes a message field: absent when null, present (if empty) otherwise.</summary>
    private static byte[] MessageField(IMessage? message)
    {
        if (message is null)
        {
            return [];
        }

        var size = message.CalculateSize();
        var field = new byte[1 + CodedOutputStream.ComputeLengthSize(size) + size];
        message.WriteTo(field.AsSpan(AppendTagAndLength(field, 0, Field1Tag, size)));
        return field;
    }

    /// <summary>Field 3 as protobuf writes a proto3 string: absent when empty.</summary>
    private static byte[] SchemaUrlField(string schemaUrl)
    {
        if (schemaUrl.Length == 0)
        {
            return [];
        }

        var size = Encoding.UTF8.GetByteCount(schemaUrl);
        var field = new byte[1 + CodedOutputStream.ComputeLengthSize(size) + size];
        Encoding.UTF8.GetBytes(schemaUrl, field.AsSpan(AppendTagAndLength(field, 0, Field3Tag, size)));
        return field;
    }

    private static int AppendTagAndLength(Span<byte> payload, int at, byte tag, int length) =>
        at + ProtoWriter.WriteTagAndLength(payload[at..], tag, length);
}
