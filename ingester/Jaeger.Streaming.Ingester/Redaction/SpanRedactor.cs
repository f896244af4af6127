using System.Collections.Frozen;
using Google.Protobuf.Collections;
using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// The ingester's redaction step, between decode and write: rewrites spans in place so that no configured secret or
/// personal value reaches storage. It covers resource, scope, span, event and link attributes (with values nested in
/// arrays and key-value lists), span and event names, and status messages. Unchanged values are not copied.
/// Each span, resource or scope that had something redacted gets a summary: <c>redaction.count</c> and
/// <c>redaction.detectors</c> (and <c>redaction.keys</c> if configured). Thread-safe.
/// </summary>
public sealed class SpanRedactor
{
    private const string ServiceNameKey = "service.name";

    private readonly bool _enabled;
    private readonly bool _summaryIncludesKeys;
    private readonly RedactionPolicy _global;
    private readonly FrozenDictionary<string, RedactionPolicy> _byService;
    private readonly IRedactionCounter? _counter;

    internal SpanRedactor(RedactionOptions options, byte[]? hashKey, IRedactionCounter? counter = null)
    {
        _counter = counter;
        _enabled = options.Enabled;
        _summaryIncludesKeys = options.SummaryIncludesKeys;
        var hasher = hashKey is null ? null : new ValueHasher(hashKey);
        _global = RedactionPolicy.Build(options, null, hasher);
        _byService = options.Services.ToFrozenDictionary(
            service => service.Key,
            service => RedactionPolicy.Build(options, service.Value, hasher),
            StringComparer.Ordinal);
    }

    /// <summary>Redacts every span of <paramref name="request"/> in place; returns how many values were redacted.</summary>
    public int Redact(ExportTraceServiceRequest request) => Redact(request.ResourceSpans);

    /// <summary>Redacts every span of <paramref name="resourceSpans"/> in place; returns how many values were redacted.</summary>
    public int Redact(IList<ResourceSpans> resourceSpans)
    {
        if (!_enabled)
        {
            return 0;
        }

        var context = new RedactionContext(_summaryIncludesKeys, _counter);
        var total = 0;
        for (var r = 0; r < resourceSpans.Count; r++)
        {
            var batch = resourceSpans[r];
            var policy = PolicyFor(batch.Resource);
            if (batch.Resource is not null)
            {
                total += RedactWithSummary(batch.Resource.Attributes, policy, context);
            }

            for (var s = 0; s < batch.ScopeSpans.Count; s++)
            {
                var scopeSpans = batch.ScopeSpans[s];
                if (scopeSpans.Scope is not null)
                {
                    total += RedactWithSummary(scopeSpans.Scope.Attributes, policy, context);
                }

                for (var i = 0; i < scopeSpans.Spans.Count; i++)
                {
                    total += RedactSpan(scopeSpans.Spans[i], policy, context);
                }
            }
        }

        return total;
    }

    private RedactionPolicy PolicyFor(Resource? resource)
    {
        if (_byService.Count == 0 || resource is null)
        {
            return _global;
        }

        var attributes = resource.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Key == ServiceNameKey)
            {
                return _byService.TryGetValue(attributes[i].Value?.StringValue ?? "", out var policy) ? policy : _global;
            }
        }

        return _global;
    }

    private static int RedactWithSummary(RepeatedField<KeyValue> attributes, RedactionPolicy policy, RedactionContext context)
    {
        context.Tally.Reset();
        RedactAttributes(attributes, policy, context);
        context.Tally.WriteTo(attributes);
        context.Tally.ReportTo(context.Counter);
        return context.Tally.Total;
    }

    private static int RedactSpan(Span span, RedactionPolicy policy, RedactionContext context)
    {
        context.Tally.Reset();
        span.Name = RedactName(span.Name, "span.name", policy, context);
        RedactAttributes(span.Attributes, policy, context);
        for (var e = 0; e < span.Events.Count; e++)
        {
            var spanEvent = span.Events[e];
            spanEvent.Name = RedactName(spanEvent.Name, "event.name", policy, context);
            RedactAttributes(spanEvent.Attributes, policy, context);
        }

        for (var l = 0; l < span.Links.Count; l++)
        {
            RedactAttributes(span.Links[l].Attributes, policy, context);
        }

        if (span.Status is { Message.Length: > 0 } status)
        {
            status.Message = RedactName(status.Message, "status.message", policy, context);
        }

        context.Tally.WriteTo(span.Attributes);
        context.Tally.ReportTo(context.Counter);
        return context.Tally.Total;
    }

    private static string RedactName(string name, string location, RedactionPolicy policy, RedactionContext context) =>
        policy.RedactText(name, KeyTreatment.Detect, context, location, canDrop: false)!;

    private static void RedactAttributes(RepeatedField<KeyValue> attributes, RedactionPolicy policy, RedactionContext context)
    {
        var i = 0;
        while (i < attributes.Count)
        {
            var attribute = attributes[i];
            if (RedactAttribute(attribute, policy, context))
            {
                i++;
            }
            else
            {
                attributes.RemoveAt(i);
            }
        }
    }

    /// <summary>Returns false when the attribute is to be dropped.</summary>
    private static bool RedactAttribute(KeyValue attribute, RedactionPolicy policy, RedactionContext context)
    {
        var verdict = policy.Classify(attribute.Key);
        switch (verdict.Treatment)
        {
            case KeyTreatment.Allow:
                return true;
            case KeyTreatment.Redact:
                context.Tally.Add(verdict.Name, 1, attribute.Key);
                if (verdict.Action == RedactionAction.Drop)
                {
                    return false;
                }

                attribute.Value = new AnyValue { StringValue = policy.RedactWhole(verdict, AttributeText.Format(attribute.Value)) };
                return true;
            default:
                return attribute.Value is null || RedactValue(attribute.Value, verdict.Treatment, attribute.Key, policy, context, canDrop: true);
        }
    }

    /// <summary>Redacts a value and what it nests; returns false when it is to be dropped.</summary>
    private static bool RedactValue(AnyValue value, KeyTreatment treatment, string key, RedactionPolicy policy, RedactionContext context, bool canDrop)
    {
        switch (value.ValueCase)
        {
            case AnyValue.ValueOneofCase.StringValue:
                var original = value.StringValue;
                var redacted = policy.RedactText(original, treatment, context, key, canDrop);
                if (redacted is null)
                {
                    return false;
                }

                if (!ReferenceEquals(redacted, original))
                {
                    value.StringValue = redacted;
                }

                return true;
            case AnyValue.ValueOneofCase.ArrayValue:
                var values = value.ArrayValue.Values;
                for (var i = 0; i < values.Count; i++)
                {
                    // An element cannot be dropped without shifting the others' meaning; it is masked instead.
                    RedactValue(values[i], treatment, key, policy, context, canDrop: false);
                }

                return true;
            case AnyValue.ValueOneofCase.KvlistValue:
                RedactAttributes(value.KvlistValue.Values, policy, context);
                return true;
            default:
                return true;
        }
    }
}
