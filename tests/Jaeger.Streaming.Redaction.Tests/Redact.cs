using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Redaction.Tests;

/// <summary>Arranges redaction the way the ingester runs it: a whole request, redacted in place.</summary>
internal static class Redact
{
    public static readonly byte[] HashKey = "0123456789abcdef0123456789abcdef"u8.ToArray();

    public static SpanRedactor Redactor(Action<RedactionOptions>? configure = null, byte[]? hashKey = null)
    {
        var options = new RedactionOptions();
        configure?.Invoke(options);
        return new SpanRedactor(options, hashKey ?? HashKey);
    }

    /// <summary>Redacts one span that carries <paramref name="value"/> under <paramref name="key"/>; null when the attribute was dropped.</summary>
    public static string? Attribute(string value, string key = "message", SpanRedactor? redactor = null)
    {
        var span = SpanWith(Otlp.Attr(key, value));
        (redactor ?? Redactor()).Redact(Otlp.Request(Otlp.ResourceSpans("shop", span)));
        return Find(span.Attributes, key)?.Value.StringValue;
    }

    public static Span SpanWith(params KeyValue[] attributes)
    {
        var span = Otlp.Span(Otlp.NewTraceId(), "GET /orders");
        span.Attributes.AddRange(attributes);
        return span;
    }

    public static KeyValue? Find(IEnumerable<KeyValue> attributes, string key) => attributes.FirstOrDefault(attribute => attribute.Key == key);
}
