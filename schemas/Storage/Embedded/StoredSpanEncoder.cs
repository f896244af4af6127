using Google.Protobuf;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage.Embedded;

/// <summary>
/// Encodes the <see cref="StoredSpan"/> payloads of one resource's and scope's spans. The resource and scope are
/// encoded once here rather than once per span (the writer encodes every span it stores), and each payload is written
/// into an array of its exact size. The bytes are those of a <see cref="ResourceSpans"/> holding the resource, one
/// <see cref="ScopeSpans"/> with the scope, both schema URLs and the span, as Google.Protobuf would write it.
/// </summary>
public sealed class StoredSpanEncoder
{
    // Field 2 of ResourceSpans (scope_spans) and of ScopeSpans (spans): length-delimited.
    private const byte Field2Tag = (2 << 3) | 2;

    // Each a field with its tag and length, or empty when the message leaves the field out.
    private readonly byte[] _resource;
    private readonly byte[] _resourceSchemaUrl;
    private readonly byte[] _scope;
    private readonly byte[] _scopeSchemaUrl;

    public StoredSpanEncoder(ResourceSpans resourceSpans, ScopeSpans scopeSpans)
    {
        _resource = new ResourceSpans { Resource = resourceSpans.Resource }.ToByteArray();
        _resourceSchemaUrl = new ResourceSpans { SchemaUrl = resourceSpans.SchemaUrl }.ToByteArray();
        _scope = new ScopeSpans { Scope = scopeSpans.Scope }.ToByteArray();
        _scopeSchemaUrl = new ScopeSpans { SchemaUrl = scopeSpans.SchemaUrl }.ToByteArray();
    }

    public byte[] Encode(Span span)
    {
        var spanSize = span.CalculateSize();
        var scopeSpansSize = _scope.Length + 1 + CodedOutputStream.ComputeLengthSize(spanSize) + spanSize + _scopeSchemaUrl.Length;
        var payload = new byte[_resource.Length + 1 + CodedOutputStream.ComputeLengthSize(scopeSpansSize) + scopeSpansSize + _resourceSchemaUrl.Length];
        var at = Append(payload, 0, _resource);
        at = AppendLengthDelimited(payload, at, scopeSpansSize);
        at = Append(payload, at, _scope);
        at = AppendLengthDelimited(payload, at, spanSize);
        span.WriteTo(payload.AsSpan(at, spanSize));
        at = Append(payload, at + spanSize, _scopeSchemaUrl);
        Append(payload, at, _resourceSchemaUrl);
        return payload;
    }

    private static int Append(byte[] payload, int at, byte[] field)
    {
        field.CopyTo(payload, at);
        return at + field.Length;
    }

    /// <summary>Field 2's tag and a length as a varint.</summary>
    private static int AppendLengthDelimited(byte[] payload, int at, int length)
    {
        payload[at++] = Field2Tag;
        var value = (uint)length;
        while (value >= 0x80)
        {
            payload[at++] = (byte)(value | 0x80);
            value >>= 7;
        }

        payload[at++] = (byte)value;
        return at;
    }
}
