using System.Buffers.Binary;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Storage.Embedded;

/// <summary>
/// One span as its <c>spans</c> row and its attribute index tokens (null when its context has no attributes), made by
/// the writer's <c>Prepare</c>: encoded and hashed on the callers' threads, so that CPU work runs in parallel and
/// outside the single-writer critical section, and so that a batch holds rows rather than decoded messages. The span
/// ids are boxed here too, for the same reason: <see cref="ParentSpanId"/> is <see cref="DBNull.Value"/> for a root span.
/// </summary>
internal sealed record PreparedSpan(
    string Tenant,
    byte[] TraceId,
    object SpanId,
    object ParentSpanId,
    bool Error,
    string Service,
    string Name,
    int Kind,
    long StartNanos,
    long DurationNanos,
    byte[] AttributeHashes,
    byte[] Payload,
    string? Tokens)
{
    /// <summary>Below this many spans a batch is prepared on the calling thread: fanning out costs more than it saves.</summary>
    private const int ParallelThreshold = 32;

    /// <summary>The batch's spans in order. Throws, before any span is stored, when the tenant or a span's ids cannot be stored.</summary>
    public static PreparedSpan[] All(string tenant, IReadOnlyList<ResourceSpans> batch)
    {
        TenantName.Require(tenant, nameof(tenant));
        var sources = new List<(Span Span, SpanGroup Group)>();
        foreach (var resourceSpans in batch)
        {
            var service = StoredSpan.ServiceName(resourceSpans.Resource);
            ulong[]? resourceHashes = null;
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                SpanGroup? group = null;
                foreach (var span in scopeSpans.Spans)
                {
                    if (span.TraceId.Length != 16 || span.SpanId.Length != 8 || span.ParentSpanId.Length is not (0 or 8))
                    {
                        throw new ArgumentException(
                            $"Span '{span.Name}' of service '{service}' has a {span.TraceId.Length}-byte trace id, a {span.SpanId.Length}-byte span id and a {span.ParentSpanId.Length}-byte parent span id; the store needs 16, 8 and 8 (or none). Validate spans before writing them.");
                    }

                    // What every span of one resource and scope shares is encoded and hashed once, not once per span.
                    resourceHashes ??= Hashes(resourceSpans.Resource?.Attributes);
                    group ??= new SpanGroup(service, new StoredSpanEncoder(resourceSpans, scopeSpans), resourceHashes, Hashes(scopeSpans.Scope?.Attributes));
                    sources.Add((span, group));
                }
            }
        }

        var prepared = new PreparedSpan[sources.Count];
        if (sources.Count < ParallelThreshold)
        {
            for (var i = 0; i < sources.Count; i++)
            {
                prepared[i] = From(tenant, sources[i].Span, sources[i].Group);
            }

            return prepared;
        }

        Parallel.For(0, sources.Count, i => prepared[i] = From(tenant, sources[i].Span, sources[i].Group));
        return prepared;
    }

    /// <summary>
    /// The row of one span. Its pair hashes are those of every attribute in its context, in the order
    /// <see cref="StoredSpan.CollectContextAttributes"/> gives: span, resource, scope, events, links.
    /// </summary>
    private static PreparedSpan From(string tenant, Span span, SpanGroup group)
    {
        var count = span.Attributes.Count + group.ResourceHashes.Length + group.ScopeHashes.Length;
        foreach (var spanEvent in span.Events)
        {
            count += spanEvent.Attributes.Count;
        }

        foreach (var link in span.Links)
        {
            count += link.Attributes.Count;
        }

        var hashes = new byte[count * sizeof(ulong)];
        var at = Put(hashes, 0, span.Attributes);
        foreach (var hash in group.ResourceHashes)
        {
            at = Put(hashes, at, hash);
        }

        foreach (var hash in group.ScopeHashes)
        {
            at = Put(hashes, at, hash);
        }

        foreach (var spanEvent in span.Events)
        {
            at = Put(hashes, at, spanEvent.Attributes);
        }

        foreach (var link in span.Links)
        {
            at = Put(hashes, at, link.Attributes);
        }

        const int TokenStride = AttributePairHash.TokenLength + 1;
        var tokens = count == 0 ? null : string.Create(count * TokenStride, hashes, static (chars, hashes) =>
        {
            for (var i = 0; i < hashes.Length / sizeof(ulong); i++)
            {
                var token = chars.Slice(i * TokenStride, TokenStride);
                AttributePairHash.WriteToken(BinaryPrimitives.ReadUInt64LittleEndian(hashes.AsSpan(i * sizeof(ulong))), token);
                token[AttributePairHash.TokenLength] = ' ';
            }
        });

        var start = (long)Math.Min(span.StartTimeUnixNano, long.MaxValue);
        var duration = span.EndTimeUnixNano > span.StartTimeUnixNano
            ? (long)Math.Min(span.EndTimeUnixNano - span.StartTimeUnixNano, long.MaxValue)
            : 0;
        return new PreparedSpan(
            tenant,
            span.TraceId.ToByteArray(),
            EmbeddedStoreSchema.SpanIdValue(span.SpanId.Span),
            span.ParentSpanId.IsEmpty ? DBNull.Value : EmbeddedStoreSchema.SpanIdValue(span.ParentSpanId.Span),
            span.Status?.Code == Status.Types.StatusCode.Error,
            group.Service,
            span.Name,
            (int)span.Kind,
            start,
            duration,
            hashes,
            group.Encoder.Encode(span),
            tokens);
    }

    private static ulong[] Hashes(IReadOnlyList<KeyValue>? attributes)
    {
        if (attributes is null || attributes.Count == 0)
        {
            return [];
        }

        var hashes = new ulong[attributes.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = AttributePairHash.Of(attributes[i]);
        }

        return hashes;
    }

    private static int Put(byte[] hashes, int at, IReadOnlyList<KeyValue> attributes)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            at = Put(hashes, at, AttributePairHash.Of(attributes[i]));
        }

        return at;
    }

    private static int Put(byte[] hashes, int at, ulong hash)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(hashes.AsSpan(at), hash);
        return at + sizeof(ulong);
    }

    /// <summary>What the spans of one resource and scope share: their service, payload encoder and context hashes.</summary>
    private sealed record SpanGroup(string Service, StoredSpanEncoder Encoder, ulong[] ResourceHashes, ulong[] ScopeHashes);
}
