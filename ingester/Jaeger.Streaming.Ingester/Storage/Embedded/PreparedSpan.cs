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

    /// <summary>The batch's spans in order. Throws before any work when the tenant or a span's ids cannot be stored.</summary>
    public static PreparedSpan[] All(string tenant, IReadOnlyList<ResourceSpans> batch)
    {
        TenantName.Require(tenant, nameof(tenant));
        var sources = new List<(ResourceSpans Resource, ScopeSpans Scope, Span Span, string Service)>();
        foreach (var resourceSpans in batch)
        {
            var service = StoredSpan.ServiceName(resourceSpans.Resource);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    if (span.TraceId.Length != 16 || span.SpanId.Length != 8 || span.ParentSpanId.Length is not (0 or 8))
                    {
                        throw new ArgumentException(
                            $"Span '{span.Name}' of service '{service}' has a {span.TraceId.Length}-byte trace id, a {span.SpanId.Length}-byte span id and a {span.ParentSpanId.Length}-byte parent span id; the store needs 16, 8 and 8 (or none). Validate spans before writing them.");
                    }

                    sources.Add((resourceSpans, scopeSpans, span, service));
                }
            }
        }

        var prepared = new PreparedSpan[sources.Count];
        if (sources.Count < ParallelThreshold)
        {
            var context = new List<KeyValue>();
            for (var i = 0; i < sources.Count; i++)
            {
                var (resource, scope, span, service) = sources[i];
                prepared[i] = From(tenant, resource, scope, span, service, context);
            }

            return prepared;
        }

        Parallel.For(
            0,
            sources.Count,
            () => new List<KeyValue>(),
            (i, _, context) =>
            {
                var (resource, scope, span, service) = sources[i];
                prepared[i] = From(tenant, resource, scope, span, service, context);
                return context;
            },
            static _ => { });
        return prepared;
    }

    private static PreparedSpan From(string tenant, ResourceSpans resourceSpans, ScopeSpans scopeSpans, Span span, string service, List<KeyValue> context)
    {
        context.Clear();
        StoredSpan.CollectContextAttributes(resourceSpans.Resource, scopeSpans.Scope, span, context);
        var hashes = new byte[context.Count * sizeof(ulong)];
        const int TokenStride = AttributePairHash.TokenLength + 1;
        var tokens = context.Count == 0 ? null : string.Create(context.Count * TokenStride, (context, hashes), static (chars, state) =>
        {
            var (context, hashes) = state;
            for (var i = 0; i < context.Count; i++)
            {
                var attribute = context[i];
                var hash = AttributePairHash.Of(attribute.Key, AttributeText.Format(attribute.Value));
                BinaryPrimitives.WriteUInt64LittleEndian(hashes.AsSpan(i * sizeof(ulong)), hash);
                AttributePairHash.WriteToken(hash, chars.Slice(i * TokenStride, AttributePairHash.TokenLength));
                chars[(i * TokenStride) + AttributePairHash.TokenLength] = ' ';
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
            service,
            span.Name,
            (int)span.Kind,
            start,
            duration,
            hashes,
            StoredSpan.Encode(resourceSpans, scopeSpans, span),
            tokens);
    }
}
