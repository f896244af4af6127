using Jaeger.Streaming.Query.Traces;
using Jaeger.Streaming.Schemas.Storage;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Api.Legacy;

/// <summary>
/// OTLP → Jaeger's UI model, placing the OTLP-only fields where Jaeger's own OTLP translator does: kind, status,
/// scope and trace state as tags (<see cref="JaegerDerivedTags"/>), links as FOLLOWS_FROM references, events as logs
/// with an <c>event</c> field.
/// </summary>
internal static class JaegerTraceConverter
{
    private const ulong NanosPerMicro = 1_000;

    /// <summary>A trace as the caller's scope sees it, warning in the UI when spans were withheld.</summary>
    public static JaegerTrace Convert(ScopedTrace trace) => Convert(trace.Trace) with { Warnings = Answered.Warnings(trace) };

    public static JaegerTrace Convert(TracesData trace)
    {
        var processIds = new Dictionary<string, string>(StringComparer.Ordinal);
        var processes = new Dictionary<string, JaegerProcess>(StringComparer.Ordinal);
        var spans = new List<JaegerSpan>();
        foreach (var resourceSpans in trace.ResourceSpans)
        {
            var process = Process(resourceSpans.Resource);
            var processKey = ProcessKey(process);
            if (!processIds.TryGetValue(processKey, out var processId))
            {
                // Equal resources share one process entry, as Jaeger deduplicates them.
                processId = $"p{processIds.Count + 1}";
                processIds.Add(processKey, processId);
                processes.Add(processId, process);
            }

            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                foreach (var span in scopeSpans.Spans)
                {
                    spans.Add(Span(span, scopeSpans.Scope, processId));
                }
            }
        }

        return new JaegerTrace(spans.Count > 0 ? spans[0].TraceId : "", spans, processes);
    }

    private static JaegerSpan Span(Span span, InstrumentationScope? scope, string processId)
    {
        var traceId = Hex(span.TraceId);
        var references = new List<JaegerReference>(span.Links.Count + 1);
        if (!span.ParentSpanId.IsEmpty)
        {
            references.Add(new JaegerReference("CHILD_OF", traceId, Hex(span.ParentSpanId)));
        }

        foreach (var link in span.Links)
        {
            references.Add(new JaegerReference("FOLLOWS_FROM", Hex(link.TraceId), Hex(link.SpanId)));
        }

        var logs = new List<JaegerLog>(span.Events.Count);
        foreach (var spanEvent in span.Events)
        {
            var fields = new List<JaegerKeyValue>(spanEvent.Attributes.Count + 1);
            if (spanEvent.Name.Length > 0)
            {
                fields.Add(new JaegerKeyValue("event", "string", spanEvent.Name));
            }

            AddTags(fields, spanEvent.Attributes);
            logs.Add(new JaegerLog(spanEvent.TimeUnixNano / NanosPerMicro, fields));
        }

        return new JaegerSpan(
            traceId,
            Hex(span.SpanId),
            span.Name,
            references,
            span.Flags & 0xFF, // the W3C trace flags; the upper bits are OTLP-internal
            span.StartTimeUnixNano / NanosPerMicro,
            span.EndTimeUnixNano > span.StartTimeUnixNano ? (span.EndTimeUnixNano - span.StartTimeUnixNano) / NanosPerMicro : 0,
            Tags(span, scope),
            logs,
            processId);
    }

    private static List<JaegerKeyValue> Tags(Span span, InstrumentationScope? scope)
    {
        var derived = new List<KeyValue>(6);
        JaegerDerivedTags.Collect(span, scope, derived);
        var tags = new List<JaegerKeyValue>(span.Attributes.Count + derived.Count);
        AddTags(tags, span.Attributes);
        AddTags(tags, derived);
        return tags;
    }

    private static JaegerProcess Process(OpenTelemetry.Proto.Resource.V1.Resource? resource)
    {
        var tags = new List<JaegerKeyValue>();
        if (resource is not null)
        {
            foreach (var attribute in resource.Attributes)
            {
                if (attribute.Key != ServiceName.AttributeKey)
                {
                    tags.Add(Tag(attribute));
                }
            }
        }

        return new JaegerProcess(ServiceName.Of(resource), tags);
    }

    private static string ProcessKey(JaegerProcess process) =>
        System.Text.Json.JsonSerializer.Serialize(process);

    private static void AddTags(List<JaegerKeyValue> tags, IEnumerable<KeyValue> attributes)
    {
        foreach (var attribute in attributes)
        {
            tags.Add(Tag(attribute));
        }
    }

    private static JaegerKeyValue Tag(KeyValue attribute)
    {
        var value = attribute.Value;
        return value?.ValueCase switch
        {
            AnyValue.ValueOneofCase.StringValue => new JaegerKeyValue(attribute.Key, "string", value.StringValue),
            AnyValue.ValueOneofCase.BoolValue => new JaegerKeyValue(attribute.Key, "bool", value.BoolValue),
            AnyValue.ValueOneofCase.IntValue => new JaegerKeyValue(attribute.Key, "int64", value.IntValue),

            // JSON has no NaN or infinity, so those travel as text.
            AnyValue.ValueOneofCase.DoubleValue when double.IsFinite(value.DoubleValue) => new JaegerKeyValue(attribute.Key, "float64", value.DoubleValue),
            AnyValue.ValueOneofCase.BytesValue => new JaegerKeyValue(attribute.Key, "binary", System.Convert.ToBase64String(value.BytesValue.Span)),

            // Jaeger has no arrays or maps: they become their JSON text, the form queries compare against.
            _ => new JaegerKeyValue(attribute.Key, "string", AttributeText.Format(value)),
        };
    }

    private static string Hex(Google.Protobuf.ByteString id) => System.Convert.ToHexStringLower(id.Span);
}
