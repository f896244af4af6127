using Google.Protobuf.Collections;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Boundary.Limits;

/// <summary>
/// Drops spans that cannot be stored or queried, or that break a <see cref="SpanLimits"/> limit: bad ids, an end
/// before the start, dates outside the accepted window, too many attributes, events or links, over-long names or
/// keys, or spans beyond the request's span limit. Over-long attribute values of kept spans are truncated and
/// marked. Everything is done in place on the request; the rest of it is kept as it is.
/// </summary>
internal sealed class SpanValidator(IOptions<SpanLimits> options, TimeProvider time)
{
    private const int TraceIdLength = 16;
    private const int SpanIdLength = 8;

    private readonly SpanLimits _limits = options.Value;
    private readonly ulong _maxAgeNanos = (ulong)options.Value.MaxSpanAge.Ticks * 100;
    private readonly ulong _maxSkewNanos = (ulong)options.Value.MaxFutureSkew.Ticks * 100;

    /// <summary>Removes invalid spans from <paramref name="request"/> in place and says what it removed.</summary>
    public SpanValidation Validate(ExportTraceServiceRequest request) => Validate(request, null);

    /// <summary>
    /// As <see cref="Validate(ExportTraceServiceRequest)"/>, also rejecting the spans of every resource whose
    /// <c>service.name</c> is not in <paramref name="allowedServices"/> (null: any service), so one team's
    /// credential cannot write another team's service.
    /// </summary>
    public SpanValidation Validate(ExportTraceServiceRequest request, IReadOnlySet<string>? allowedServices)
    {
        var now = NowNanos();
        var accepted = 0;
        var seen = 0;
        SpanRejections? rejections = null;
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var resourceDefect = allowedServices is not null && !allowedServices.Contains(ServiceNames.Of(resourceSpans.Resource))
                ? SpanDefect.ServiceNotAllowed
                : InspectResource(resourceSpans);
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                var scopeDefect = resourceDefect != SpanDefect.None ? resourceDefect : InspectScope(scopeSpans);
                var spans = scopeSpans.Spans;
                List<Span>? kept = null;
                for (var i = 0; i < spans.Count; i++)
                {
                    var span = spans[i];
                    var defect = ++seen > _limits.MaxSpansPerRequest ? SpanDefect.BeyondRequestLimit
                        : scopeDefect != SpanDefect.None ? scopeDefect
                        : Inspect(span, now);
                    if (defect == SpanDefect.None)
                    {
                        TruncateValues(span);
                        kept?.Add(span);
                        continue;
                    }

                    rejections ??= new SpanRejections();
                    rejections.Add(defect, (this, defect, span, resourceSpans, scopeSpans), static s => s.Item1.Example(s.defect, s.span, s.resourceSpans, s.scopeSpans));
                    if (kept is null)
                    {
                        // Copy only once a scope turns out to hold an invalid span; valid scopes stay untouched.
                        kept = new List<Span>(spans.Count);
                        for (var j = 0; j < i; j++)
                        {
                            kept.Add(spans[j]);
                        }
                    }
                }

                if (kept is not null)
                {
                    spans.Clear();
                    spans.AddRange(kept);
                }

                accepted += spans.Count;
            }

            if (resourceDefect == SpanDefect.None && resourceSpans.Resource is { } resource)
            {
                MarkTruncations(resource.Attributes);
            }
        }

        return rejections is null
            ? new SpanValidation(accepted, 0, "", null)
            : new SpanValidation(accepted, rejections.Total, rejections.Describe(accepted + rejections.Total), rejections);
    }

    /// <summary>The limits this validator applies; the wire scan reads them to tell a request it would leave untouched.</summary>
    internal SpanLimits Limits => _limits;

    /// <summary>The current time in Unix nanoseconds, as the span time window is checked against.</summary>
    internal ulong NowNanos() => (ulong)(time.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    /// <summary>Whether a span ending at <paramref name="endNanos"/> falls outside the accepted window around <paramref name="now"/>.</summary>
    internal SpanDefect EndTimeDefect(ulong endNanos, ulong now)
    {
        if (_maxAgeNanos > 0 && endNanos < now - Math.Min(now, _maxAgeNanos))
        {
            return SpanDefect.TooOld;
        }

        return _maxSkewNanos > 0 && endNanos > now + _maxSkewNanos ? SpanDefect.InFuture : SpanDefect.None;
    }

    /// <summary>What is wrong with a span's trace and span ids, if anything: a wrong length or all zeros.</summary>
    internal static SpanDefect IdsDefect(ReadOnlySpan<byte> traceId, ReadOnlySpan<byte> spanId) =>
        IdDefect(traceId, TraceIdLength, SpanDefect.TraceIdLength, SpanDefect.ZeroTraceId) is var trace and not SpanDefect.None
            ? trace
            : IdDefect(spanId, SpanIdLength, SpanDefect.SpanIdLength, SpanDefect.ZeroSpanId);

    private static SpanDefect IdDefect(ReadOnlySpan<byte> id, int length, SpanDefect wrongLength, SpanDefect zero) =>
        id.Length != length ? wrongLength : id.IndexOfAnyExcept((byte)0) < 0 ? zero : SpanDefect.None;

    private SpanDefect InspectResource(ResourceSpans resourceSpans)
    {
        var attributes = resourceSpans.Resource?.Attributes;
        if (attributes is null)
        {
            return SpanDefect.None;
        }

        if (attributes.Count > _limits.MaxAttributesPerResource)
        {
            return SpanDefect.TooManyResourceAttributes;
        }

        return AttributeLimits.LongestKeyOver(attributes, _limits.MaxAttributeKeyLength, out _) > 0 ? SpanDefect.KeyTooLong : SpanDefect.None;
    }

    private SpanDefect InspectScope(ScopeSpans scopeSpans)
    {
        var attributes = scopeSpans.Scope?.Attributes;
        if (attributes is null)
        {
            return SpanDefect.None;
        }

        if (attributes.Count > _limits.MaxAttributesPerScope)
        {
            return SpanDefect.TooManyScopeAttributes;
        }

        if (AttributeLimits.LongestKeyOver(attributes, _limits.MaxAttributeKeyLength, out _) > 0)
        {
            return SpanDefect.KeyTooLong;
        }

        MarkTruncations(attributes);
        return SpanDefect.None;
    }

    private SpanDefect Inspect(Span span, ulong now)
    {
        if (IdsDefect(span.TraceId.Span, span.SpanId.Span) is var ids and not SpanDefect.None)
        {
            return ids;
        }

        if (span.EndTimeUnixNano < span.StartTimeUnixNano)
        {
            return SpanDefect.EndBeforeStart;
        }

        if (span.Name.Length > _limits.MaxSpanNameLength)
        {
            return SpanDefect.NameTooLong;
        }

        if (EndTimeDefect(span.EndTimeUnixNano, now) is var endTime and not SpanDefect.None)
        {
            return endTime;
        }

        if (span.Attributes.Count > _limits.MaxAttributesPerSpan)
        {
            return SpanDefect.TooManyAttributes;
        }

        if (span.Events.Count > _limits.MaxEventsPerSpan)
        {
            return SpanDefect.TooManyEvents;
        }

        if (span.Links.Count > _limits.MaxLinksPerSpan)
        {
            return SpanDefect.TooManyLinks;
        }

        return InspectEventsAndLinks(span);
    }

    private SpanDefect InspectEventsAndLinks(Span span)
    {
        if (AttributeLimits.LongestKeyOver(span.Attributes, _limits.MaxAttributeKeyLength, out _) > 0)
        {
            return SpanDefect.KeyTooLong;
        }

        var events = InspectEach(span.Events, static e => e.Attributes, _limits.MaxAttributesPerEvent, SpanDefect.TooManyEventAttributes);
        return events != SpanDefect.None ? events : InspectEach(span.Links, static l => l.Attributes, _limits.MaxAttributesPerLink, SpanDefect.TooManyLinkAttributes);
    }

    /// <summary>Attribute count and key lengths of each event or link of a span.</summary>
    private SpanDefect InspectEach<T>(RepeatedField<T> items, Func<T, RepeatedField<KeyValue>> attributesOf, int maxAttributes, SpanDefect tooMany)
    {
        for (var i = 0; i < items.Count; i++)
        {
            var attributes = attributesOf(items[i]);
            if (attributes.Count > maxAttributes)
            {
                return tooMany;
            }

            if (AttributeLimits.LongestKeyOver(attributes, _limits.MaxAttributeKeyLength, out _) > 0)
            {
                return SpanDefect.KeyTooLong;
            }
        }

        return SpanDefect.None;
    }

    /// <summary>Truncates a kept span's over-long values (its own, its events' and links'), counted on the span.</summary>
    private void TruncateValues(Span span)
    {
        var max = _limits.MaxAttributeValueLength;
        var truncated = AttributeLimits.Truncate(span.Attributes, max);
        for (var i = 0; i < span.Events.Count; i++)
        {
            truncated += AttributeLimits.Truncate(span.Events[i].Attributes, max);
        }

        for (var i = 0; i < span.Links.Count; i++)
        {
            truncated += AttributeLimits.Truncate(span.Links[i].Attributes, max);
        }

        if (truncated > 0)
        {
            AttributeLimits.Mark(span.Attributes, truncated);
        }
    }

    private void MarkTruncations(RepeatedField<KeyValue> attributes)
    {
        var truncated = AttributeLimits.Truncate(attributes, _limits.MaxAttributeValueLength);
        if (truncated > 0)
        {
            AttributeLimits.Mark(attributes, truncated);
        }
    }

    /// <summary>The message text for the first span rejected for <paramref name="defect"/>; off the hot path.</summary>
    private string Example(SpanDefect defect, Span span, ResourceSpans resourceSpans, ScopeSpans scopeSpans)
    {
        var name = SpanRejections.Shown(span.Name);
        return defect switch
        {
            SpanDefect.ZeroTraceId => $"with an all-zero trace_id (e.g. span '{name}')",
            SpanDefect.TraceIdLength => $"with a trace_id that is not 16 bytes (e.g. span '{name}' has trace_id '{SpanRejections.Hex(span.TraceId.Span)}', {span.TraceId.Length} bytes)",
            SpanDefect.ZeroSpanId => $"with an all-zero span_id (e.g. span '{name}')",
            SpanDefect.SpanIdLength => $"with a span_id that is not 8 bytes (e.g. span '{name}' has span_id '{SpanRejections.Hex(span.SpanId.Span)}', {span.SpanId.Length} bytes)",
            SpanDefect.EndBeforeStart => $"ending before they start (e.g. span '{name}' has end_time_unix_nano {span.EndTimeUnixNano} < start_time_unix_nano {span.StartTimeUnixNano})",
            SpanDefect.NameTooLong => $"with a name longer than {_limits.MaxSpanNameLength} characters (e.g. span '{name}' of {span.Name.Length}; limit {SpanLimits.Section}:MaxSpanNameLength)",
            SpanDefect.TooOld => $"that ended more than {_limits.MaxSpanAge} ago (e.g. span '{name}' has end_time_unix_nano {span.EndTimeUnixNano}; limit {SpanLimits.Section}:MaxSpanAge)",
            SpanDefect.InFuture => $"that end more than {_limits.MaxFutureSkew} in the future (e.g. span '{name}' has end_time_unix_nano {span.EndTimeUnixNano}; check the client's clock; limit {SpanLimits.Section}:MaxFutureSkew)",
            SpanDefect.TooManyAttributes => $"with more than {_limits.MaxAttributesPerSpan} attributes (e.g. span '{name}' has {span.Attributes.Count}; limit {SpanLimits.Section}:MaxAttributesPerSpan)",
            SpanDefect.TooManyEvents => $"with more than {_limits.MaxEventsPerSpan} events (e.g. span '{name}' has {span.Events.Count}; limit {SpanLimits.Section}:MaxEventsPerSpan)",
            SpanDefect.TooManyLinks => $"with more than {_limits.MaxLinksPerSpan} links (e.g. span '{name}' has {span.Links.Count}; limit {SpanLimits.Section}:MaxLinksPerSpan)",
            SpanDefect.TooManyEventAttributes => $"with an event of more than {_limits.MaxAttributesPerEvent} attributes (e.g. span '{name}'; limit {SpanLimits.Section}:MaxAttributesPerEvent)",
            SpanDefect.TooManyLinkAttributes => $"with a link of more than {_limits.MaxAttributesPerLink} attributes (e.g. span '{name}'; limit {SpanLimits.Section}:MaxAttributesPerLink)",
            SpanDefect.KeyTooLong => $"with an attribute key longer than {_limits.MaxAttributeKeyLength} characters on the span, its events, links, scope or resource (e.g. span '{name}', key '{SpanRejections.Shown(LongKey(span, resourceSpans, scopeSpans))}'; limit {SpanLimits.Section}:MaxAttributeKeyLength)",
            SpanDefect.TooManyResourceAttributes => $"under a resource with more than {_limits.MaxAttributesPerResource} attributes (e.g. span '{name}', whose resource has {resourceSpans.Resource.Attributes.Count}; limit {SpanLimits.Section}:MaxAttributesPerResource)",
            SpanDefect.TooManyScopeAttributes => $"under a scope with more than {_limits.MaxAttributesPerScope} attributes (e.g. span '{name}', whose scope has {scopeSpans.Scope.Attributes.Count}; limit {SpanLimits.Section}:MaxAttributesPerScope)",
            SpanDefect.BeyondRequestLimit => $"beyond the first {_limits.MaxSpansPerRequest} spans of the request (e.g. span '{name}'; send smaller batches; limit {SpanLimits.Section}:MaxSpansPerRequest)",
            SpanDefect.ServiceNotAllowed => $"of a service the credential may not write (e.g. span '{name}' of service '{SpanRejections.Shown(ServiceNames.Of(resourceSpans.Resource))}')",
            _ => $"for another reason (e.g. span '{name}')",
        };
    }

    private string LongKey(Span span, ResourceSpans resourceSpans, ScopeSpans scopeSpans)
    {
        var max = _limits.MaxAttributeKeyLength;
        string? key = null;
        _ = (resourceSpans.Resource is { } resource && AttributeLimits.LongestKeyOver(resource.Attributes, max, out key) > 0)
            || (scopeSpans.Scope is { } scope && AttributeLimits.LongestKeyOver(scope.Attributes, max, out key) > 0)
            || AttributeLimits.LongestKeyOver(span.Attributes, max, out key) > 0
            || AnyLongKey(span.Events, e => e.Attributes, max, out key)
            || AnyLongKey(span.Links, l => l.Attributes, max, out key);
        return key ?? "";
    }

    private static bool AnyLongKey<T>(RepeatedField<T> items, Func<T, RepeatedField<KeyValue>> attributes, int max, out string? key)
    {
        foreach (var item in items)
        {
            if (AttributeLimits.LongestKeyOver(attributes(item), max, out key) > 0)
            {
                return true;
            }
        }

        key = null;
        return false;
    }
}
