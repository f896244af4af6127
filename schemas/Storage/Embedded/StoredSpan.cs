using Google.Protobuf;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Schemas.Storage.Embedded;

/// <summary>
/// How one span is kept in the embedded store: an OTLP <see cref="ResourceSpans"/> holding the span's resource,
/// one <see cref="ScopeSpans"/> with its scope and both schema URLs, and the span itself. Every OTLP field survives,
/// and a reader can regroup spans by identical resource and scope. <see cref="StoredSpanEncoder"/> writes it.
/// </summary>
public static class StoredSpan
{
    public static ResourceSpans Decode(byte[] payload) => ResourceSpans.Parser.ParseFrom(payload);

    /// <summary>The resource's <c>service.name</c> in <see cref="AttributeText"/> form, or empty when it has none.</summary>
    public static string ServiceName(Resource? resource)
    {
        if (resource is null)
        {
            return "";
        }

        foreach (var attribute in resource.Attributes)
        {
            if (attribute.Key == "service.name")
            {
                return AttributeText.Format(attribute.Value);
            }
        }

        return "";
    }

    /// <summary>
    /// Adds every attribute of the span's context to <paramref name="into"/>: span, resource, scope, event and link
    /// attributes (DESIGN §4). A query pair matches the span when any of these has that key and value.
    /// </summary>
    public static void CollectContextAttributes(Resource? resource, InstrumentationScope? scope, Span span, List<KeyValue> into)
    {
        into.AddRange(span.Attributes);
        if (resource is not null)
        {
            into.AddRange(resource.Attributes);
        }

        if (scope is not null)
        {
            into.AddRange(scope.Attributes);
        }

        foreach (var spanEvent in span.Events)
        {
            into.AddRange(spanEvent.Attributes);
        }

        foreach (var link in span.Links)
        {
            into.AddRange(link.Attributes);
        }
    }

    /// <summary>
    /// Nanoseconds since the Unix epoch, the unit start times are stored in. Times beyond what 64 bits of nanoseconds
    /// hold (before 1677, after 2262) clamp to the ends, so a window such as "everything before now" stays a valid range.
    /// </summary>
    public static long UnixNanos(DateTimeOffset time)
    {
        var ticks = time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        return ticks switch
        {
            < long.MinValue / 100 => long.MinValue,
            > long.MaxValue / 100 => long.MaxValue,
            _ => ticks * 100,
        };
    }
}
