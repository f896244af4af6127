using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// The tags Jaeger's OTLP translator derives from a span's own fields rather than its attributes: <c>span.kind</c>,
/// <c>otel.status_code</c> (<c>OK</c> or <c>ERROR</c>), <c>error=true</c> for an error status,
/// <c>otel.status_description</c>, <c>w3c.tracestate</c>, <c>otel.scope.name</c> and <c>otel.scope.version</c>.
/// Jaeger stores them with the span's tags, so its searches find them (<c>error=true</c> is the Jaeger UI's own
/// example of a tag search); Jaeger-format views show them, and searches in every backend match them as if they were
/// span attributes (<see cref="JaegerSpanDocument"/> writes them into Elasticsearch's documents).
/// </summary>
public static class JaegerDerivedTags
{
    /// <summary>Whether <paramref name="key"/> is one of these tags, so a search on it cannot rely on attribute indexes alone.</summary>
    public static bool IsDerived(string key) => key is
        "span.kind" or "otel.status_code" or "error" or "otel.status_description" or "w3c.tracestate" or "otel.scope.name" or "otel.scope.version";

    /// <summary>Adds the span's derived tags to <paramref name="into"/>, in the order Jaeger-format views list them.</summary>
    public static void Collect(Span span, InstrumentationScope? scope, List<KeyValue> into)
    {
        if (scope?.Name is { Length: > 0 } scopeName)
        {
            into.Add(Text("otel.scope.name", scopeName));
        }

        if (scope?.Version is { Length: > 0 } scopeVersion)
        {
            into.Add(Text("otel.scope.version", scopeVersion));
        }

        if (span.Kind != Span.Types.SpanKind.Unspecified)
        {
            into.Add(Text("span.kind", JaegerSpanDocument.KindName(span.Kind)));
        }

        switch (span.Status?.Code)
        {
            case Status.Types.StatusCode.Ok:
                into.Add(Text("otel.status_code", "OK"));
                break;
            case Status.Types.StatusCode.Error:
                into.Add(Text("otel.status_code", "ERROR"));
                into.Add(new KeyValue { Key = "error", Value = new AnyValue { BoolValue = true } });
                break;
        }

        if (span.Status?.Message is { Length: > 0 } description)
        {
            into.Add(Text("otel.status_description", description));
        }

        if (span.TraceState.Length > 0)
        {
            into.Add(Text("w3c.tracestate", span.TraceState));
        }
    }

    private static KeyValue Text(string key, string value) => new() { Key = key, Value = new AnyValue { StringValue = value } };
}
