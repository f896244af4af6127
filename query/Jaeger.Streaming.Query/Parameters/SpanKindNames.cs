using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace Jaeger.Streaming.Query.Parameters;

/// <summary>
/// Span kinds by the lowercase names Jaeger uses in its APIs and in the <c>span.kind</c> tag:
/// server, client, producer, consumer, internal, unspecified.
/// </summary>
internal static class SpanKindNames
{
    public static string Name(SpanKind kind) => kind switch
    {
        SpanKind.Server => "server",
        SpanKind.Client => "client",
        SpanKind.Producer => "producer",
        SpanKind.Consumer => "consumer",
        SpanKind.Internal => "internal",
        _ => "unspecified",
    };

    /// <summary>Reads an optional kind filter; absent means every kind.</summary>
    public static SpanKind? Filter(QueryParameters parameters, params ReadOnlySpan<string> names)
    {
        var (name, value) = parameters.Find(names);
        if (value is null)
        {
            return null;
        }

        return value.ToLowerInvariant() switch
        {
            "server" => SpanKind.Server,
            "client" => SpanKind.Client,
            "producer" => SpanKind.Producer,
            "consumer" => SpanKind.Consumer,
            "internal" => SpanKind.Internal,
            "unspecified" => SpanKind.Unspecified,
            _ => throw new QueryParameterException(name, $"'{value}' is not a span kind; use server, client, producer, consumer, internal or unspecified"),
        };
    }
}
