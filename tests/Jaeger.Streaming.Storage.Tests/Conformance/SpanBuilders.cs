using Google.Protobuf;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Storage.Tests.Conformance;

/// <summary>OTLP data the conformance tests need beyond <see cref="Otlp"/>'s builders.</summary>
internal static class SpanBuilders
{
    public static Span With(this Span span, params KeyValue[] attributes)
    {
        span.Attributes.AddRange(attributes);
        return span;
    }

    public static Span WithEvent(this Span span, params KeyValue[] attributes)
    {
        var spanEvent = new Span.Types.Event { Name = "event", TimeUnixNano = span.StartTimeUnixNano + 1 };
        spanEvent.Attributes.AddRange(attributes);
        span.Events.Add(spanEvent);
        return span;
    }

    public static Span WithLink(this Span span, params KeyValue[] attributes)
    {
        var link = new Span.Types.Link { TraceId = Otlp.NewTraceId().Bytes, SpanId = Otlp.NewSpanId() };
        link.Attributes.AddRange(attributes);
        span.Links.Add(link);
        return span;
    }

    public static ResourceSpans WithResource(this ResourceSpans resourceSpans, params KeyValue[] attributes)
    {
        resourceSpans.Resource.Attributes.AddRange(attributes);
        return resourceSpans;
    }

    public static ResourceSpans WithScope(this ResourceSpans resourceSpans, params KeyValue[] attributes)
    {
        resourceSpans.ScopeSpans[0].Scope.Attributes.AddRange(attributes);
        return resourceSpans;
    }

    /// <summary>A span that sets every OTLP field, under a resource and scope that do too.</summary>
    public static ResourceSpans RichSpan(TraceIdBytes traceId, DateTimeOffset start)
    {
        var span = Otlp.Span(traceId, "GET /checkout", start, TimeSpan.FromTicks(12_345_678), parent: Otlp.NewSpanId());
        span.TraceState = "vendor=value,other=1";
        span.Flags = 0x301;
        span.Kind = Span.Types.SpanKind.Client;
        span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "upstream timed out" };
        span.DroppedAttributesCount = 3;
        span.DroppedEventsCount = 4;
        span.DroppedLinksCount = 5;
        span.Attributes.Add(Otlp.Attr("http.method", "GET"));
        span.Attributes.Add(Otlp.Attr("http.status_code", 504));
        span.Attributes.Add(Otlp.Attr("ratio", 0.25));
        span.Attributes.Add(Otlp.Attr("retry", true));
        span.Attributes.Add(new KeyValue { Key = "raw", Value = new AnyValue { BytesValue = ByteString.CopyFrom(1, 2, 3) } });
        span.Attributes.Add(new KeyValue
        {
            Key = "list",
            Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = 2 }, new AnyValue() } } },
        });
        span.Attributes.Add(new KeyValue
        {
            Key = "map",
            // An entry without a value is valid OTLP; one stopped the ingester once (found by fuzzing, docs/fuzzing.md).
            Value = new AnyValue { KvlistValue = new KeyValueList { Values = { Otlp.Attr("inner", "x"), new KeyValue { Key = "unset" } } } },
        });
        span.Events.Add(new Span.Types.Event
        {
            Name = "exception",
            TimeUnixNano = span.StartTimeUnixNano + 1_000,
            Attributes = { Otlp.Attr("exception.type", "TimeoutException") },
            DroppedAttributesCount = 1,
        });
        span.Links.Add(new Span.Types.Link
        {
            TraceId = Otlp.NewTraceId().Bytes,
            SpanId = Otlp.NewSpanId(),
            TraceState = "linked=1",
            Attributes = { Otlp.Attr("link.reason", "follows") },
            DroppedAttributesCount = 2,
            Flags = 0x101,
        });

        return new ResourceSpans
        {
            Resource = new Resource { Attributes = { Otlp.Attr("service.name", "checkout"), Otlp.Attr("host.name", "node-7") }, DroppedAttributesCount = 6 },
            SchemaUrl = "https://opentelemetry.io/schemas/1.26.0",
            ScopeSpans =
            {
                new ScopeSpans
                {
                    Scope = new InstrumentationScope { Name = "checkout.http", Version = "2.3.4", Attributes = { Otlp.Attr("scope.tier", "edge") }, DroppedAttributesCount = 7 },
                    SchemaUrl = "https://opentelemetry.io/schemas/1.25.0",
                    Spans = { span },
                },
            },
        };
    }

    /// <summary>
    /// The trace with resources, scopes and spans in a canonical order, so two groupings of the same spans compare equal
    /// whatever order a backend returns them in.
    /// </summary>
    public static TracesData Canonical(TracesData trace)
    {
        var canonical = new TracesData();
        foreach (var resourceSpans in trace.ResourceSpans.OrderBy(r => (r.Resource?.ToByteString() ?? ByteString.Empty).ToBase64() + r.SchemaUrl, StringComparer.Ordinal))
        {
            var copy = new ResourceSpans { Resource = resourceSpans.Resource, SchemaUrl = resourceSpans.SchemaUrl };
            foreach (var scopeSpans in resourceSpans.ScopeSpans.OrderBy(s => (s.Scope?.ToByteString() ?? ByteString.Empty).ToBase64() + s.SchemaUrl, StringComparer.Ordinal))
            {
                var scopeCopy = new ScopeSpans { Scope = scopeSpans.Scope, SchemaUrl = scopeSpans.SchemaUrl };
                scopeCopy.Spans.AddRange(scopeSpans.Spans.OrderBy(s => s.SpanId.ToBase64(), StringComparer.Ordinal));
                copy.ScopeSpans.Add(scopeCopy);
            }

            canonical.ResourceSpans.Add(copy);
        }

        return canonical;
    }

    public static int SpanCount(TracesData trace)
    {
        var count = 0;
        foreach (var resourceSpans in trace.ResourceSpans)
        {
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                count += scopeSpans.Spans.Count;
            }
        }

        return count;
    }
}
