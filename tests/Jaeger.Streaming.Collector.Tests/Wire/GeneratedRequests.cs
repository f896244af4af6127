using System.Globalization;
using Google.Protobuf;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests.Wire;

/// <summary>
/// Seeded OTLP requests for comparing the wire path with the model path. <see cref="Realistic"/> has the benchmark's
/// shape; <see cref="Varied"/> reaches every field and grouping within the default limits; <see cref="Hostile"/> adds
/// defects and values around <see cref="HostileLimits"/>, in multi-byte text too.
/// </summary>
internal sealed class GeneratedRequests(int seed)
{
    /// <summary>The clock every generated span is stamped against.</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    public static readonly string[] HostileServices = ["svc-a", "svc-b", "svc-c"];

    // Pieces of one or two UTF-16 characters and one to four UTF-8 bytes.
    private static readonly string[] Pieces = ["a", "Z", "0", "-", " ", "é", "ß", "日", "本", "😀"];

    private readonly Random _random = new(seed);
    private bool _hostile;

    /// <summary>Small limits that generated hostile requests fall on both sides of.</summary>
    public static SpanLimits HostileLimits => new()
    {
        MaxSpansPerRequest = 40,
        MaxAttributesPerSpan = 6,
        MaxAttributesPerResource = 4,
        MaxAttributesPerScope = 3,
        MaxAttributesPerEvent = 3,
        MaxAttributesPerLink = 3,
        MaxEventsPerSpan = 3,
        MaxLinksPerSpan = 3,
        MaxAttributeKeyLength = 12,
        MaxAttributeValueLength = 16,
        MaxSpanNameLength = 12,
        MaxSpanAge = TimeSpan.FromDays(1),
        MaxFutureSkew = TimeSpan.FromHours(1),
    };

    /// <summary>The benchmark's shape: one resource per service, one scope, about 20 attributes a span, 10% with an event, whole traces of 1–30 spans.</summary>
    public ExportTraceServiceRequest Realistic(int spans = 100)
    {
        var request = new ExportTraceServiceRequest();
        var byService = new Dictionary<int, ResourceSpans>();
        while (spans > 0)
        {
            var traceId = Id(16);
            var root = ByteString.Empty;
            var fanOut = Math.Min(1 + _random.Next(30), spans);
            for (var s = 0; s < fanOut; s++, spans--)
            {
                var service = _random.Next(20);
                if (!byService.TryGetValue(service, out var resourceSpans))
                {
                    resourceSpans = new ResourceSpans
                    {
                        Resource = new Resource { Attributes = { Otlp.Attr("service.name", $"svc-{service:00}"), Otlp.Attr("host.name", $"node-{_random.Next(40)}"), Otlp.Attr("telemetry.sdk.language", "dotnet") } },
                        ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "OpenTelemetry.Instrumentation.AspNetCore", Version = "1.9.0" } } },
                    };
                    byService.Add(service, resourceSpans);
                    request.ResourceSpans.Add(resourceSpans);
                }

                var span = new Span { TraceId = traceId, SpanId = Id(8), ParentSpanId = root, Name = $"GET /api/items/{_random.Next(50)}", Kind = Span.Types.SpanKind.Server };
                Times(span);
                for (var a = 0; a < 20; a++)
                {
                    span.Attributes.Add(a % 3 == 0 ? Otlp.Attr($"attr.{a}", (long)_random.Next(1000)) : Otlp.Attr($"attr.{a}", "value-" + _random.Next(100_000).ToString(CultureInfo.InvariantCulture)));
                }

                if (s == 0)
                {
                    root = span.SpanId;
                    span.Attributes.Add([Otlp.Attr("sampler.type", "probabilistic"), Otlp.Attr("sampler.param", 0.25)]);
                }

                if (_random.Next(10) == 0)
                {
                    span.Events.Add(new Span.Types.Event { Name = "exception", TimeUnixNano = span.StartTimeUnixNano, Attributes = { Otlp.Attr("exception.type", "System.TimeoutException") } });
                }

                resourceSpans.ScopeSpans[0].Spans.Add(span);
            }
        }

        return request;
    }

    /// <summary>
    /// Several resources and scopes (some absent, some empty) with traces interleaved across them, schema URLs, events,
    /// links, statuses, nested and bytes values, and unknown fields at every level; clean under the default limits.
    /// </summary>
    public ExportTraceServiceRequest Varied()
    {
        _hostile = false;
        return Build();
    }

    /// <summary>As <see cref="Varied"/>, with now and then a defect, a value over a limit, or a name over it in bytes only.</summary>
    public ExportTraceServiceRequest Hostile()
    {
        _hostile = true;
        return Build();
    }

    private ExportTraceServiceRequest Build()
    {
        var traces = new ByteString[1 + _random.Next(4)];
        for (var i = 0; i < traces.Length; i++)
        {
            traces[i] = Id(16);
        }

        var request = new ExportTraceServiceRequest();
        for (var r = 1 + _random.Next(3); r > 0; r--)
        {
            var resourceSpans = new ResourceSpans { Resource = Chance(10) ? null : Resource(), SchemaUrl = Chance(50) ? "https://opentelemetry.io/schemas/1.2" + _random.Next(10) : "" };
            for (var s = _random.Next(4); s > 0; s--)
            {
                var scopeSpans = new ScopeSpans { Scope = Chance(20) ? null : Scope(), SchemaUrl = Chance(50) ? "https://opentelemetry.io/schemas/1.3" + _random.Next(10) : "" };
                for (var n = _random.Next(6); n > 0; n--)
                {
                    scopeSpans.Spans.Add(WithUnknownField(NewSpan(traces[_random.Next(traces.Length)])));
                }

                resourceSpans.ScopeSpans.Add(WithUnknownField(scopeSpans));
            }

            request.ResourceSpans.Add(WithUnknownField(resourceSpans));
        }

        return WithUnknownField(request);
    }

    private Resource Resource()
    {
        var resource = new Resource();
        var service = _hostile ? HostileServices[_random.Next(HostileServices.Length)] : "svc-" + _random.Next(5);
        switch (_random.Next(10))
        {
            case 0:
                break;
            case 1:
                resource.Attributes.Add(Otlp.Attr("service.name", 7L));
                break;
            case 2:
                resource.Attributes.Add(new KeyValue { Key = "service.name" });
                resource.Attributes.Add(Otlp.Attr("service.name", service));
                break;
            default:
                resource.Attributes.Add(Otlp.Attr("service.name", service));
                break;
        }

        Attributes(resource.Attributes, 3);
        resource.DroppedAttributesCount = (uint)_random.Next(2);
        return WithUnknownField(resource);
    }

    private InstrumentationScope Scope()
    {
        var scope = new InstrumentationScope { Name = Text(10), Version = Chance(50) ? "1." + _random.Next(10) : "" };
        Attributes(scope.Attributes, 3);
        return WithUnknownField(scope);
    }

    private Span NewSpan(ByteString traceId)
    {
        var span = new Span
        {
            TraceId = Defect() ? ByteString.CopyFrom(new byte[16]) : Defect() ? Id(8) : traceId,
            SpanId = Defect() ? ByteString.CopyFrom(new byte[8]) : Defect() ? Id(16) : Id(8),
            ParentSpanId = Chance(50) ? ByteString.Empty : Id(8),
            TraceState = Chance(20) ? "vendor=" + Text(6) : "",
            Name = Text(_hostile ? 16 : 12),
            Kind = (Span.Types.SpanKind)_random.Next(6),
            Flags = Chance(50) ? 0x101u : 0,
            DroppedAttributesCount = (uint)_random.Next(2),
        };
        Times(span);
        Attributes(span.Attributes, 6);
        if (Chance(30))
        {
            span.Attributes.Add([Otlp.Attr("sampler.type", Chance(80) ? "probabilistic" : "const"), Chance(80) ? Otlp.Attr("sampler.param", 0.5) : Otlp.Attr("sampler.param", 1L)]);
        }

        for (var e = Count(3); e > 0; e--)
        {
            var item = new Span.Types.Event { Name = Text(8), TimeUnixNano = span.StartTimeUnixNano };
            Attributes(item.Attributes, 3);
            span.Events.Add(WithUnknownField(item));
        }

        for (var l = Count(3); l > 0; l--)
        {
            var link = new Span.Types.Link { TraceId = Id(16), SpanId = Id(8), TraceState = Chance(50) ? "k=v" : "", Flags = 1 };
            Attributes(link.Attributes, 3);
            span.Links.Add(WithUnknownField(link));
        }

        if (Chance(30))
        {
            span.Status = new Status { Code = Status.Types.StatusCode.Error, Message = Text(10) };
        }

        return span;
    }

    private void Times(Span span)
    {
        var end = Otlp.ToUnixNanos(Now.AddSeconds(-_random.Next(1, 600)));
        end = Defect() ? Otlp.ToUnixNanos(Now.AddDays(-2)) : Defect() ? Otlp.ToUnixNanos(Now.AddHours(2)) : end;
        span.EndTimeUnixNano = end;
        span.StartTimeUnixNano = Defect() ? end + 1 : end - (ulong)_random.Next(0, 5_000_000);
    }

    private void Attributes(Google.Protobuf.Collections.RepeatedField<KeyValue> attributes, int hostileLimit)
    {
        for (var n = Count(hostileLimit); n > 0; n--)
        {
            attributes.Add(KeyValue(0));
        }
    }

    private KeyValue KeyValue(int depth) => WithUnknownField(Chance(3)
        ? new KeyValue { Key = Text(8) }
        : new KeyValue { Key = Text(_hostile ? 14 : 10), Value = Value(depth) });

    private AnyValue Value(int depth)
    {
        var value = new AnyValue();
        switch (_random.Next(depth < 3 ? 9 : 7))
        {
            case 0 or 1:
                value.StringValue = Text(_hostile ? 20 : 16);
                break;
            case 2:
                value.IntValue = _random.NextInt64(long.MinValue, long.MaxValue);
                break;
            case 3:
                value.DoubleValue = _random.NextDouble() * 1000;
                break;
            case 4:
                value.BoolValue = Chance(50);
                break;
            case 5:
                var bytes = new byte[_hostile && Chance(5) ? 17 : _random.Next(16)];
                _random.NextBytes(bytes);
                value.BytesValue = ByteString.CopyFrom(bytes);
                break;
            case 6:
                break;
            case 7:
                value.ArrayValue = new ArrayValue();
                for (var n = _random.Next(4); n > 0; n--)
                {
                    value.ArrayValue.Values.Add(Value(depth + 1));
                }

                break;
            default:
                value.KvlistValue = new KeyValueList();
                for (var n = _random.Next(4); n > 0; n--)
                {
                    value.KvlistValue.Values.Add(KeyValue(depth + 1));
                }

                break;
        }

        return WithUnknownField(value);
    }

    /// <summary>Up to <paramref name="maxChars"/> characters; hostile text comes near that only now and then.</summary>
    private string Text(int maxChars)
    {
        var text = new System.Text.StringBuilder();
        for (var n = _random.Next((_hostile && !Chance(15) ? maxChars / 3 : maxChars) + 1); text.Length < n;)
        {
            text.Append(Pieces[_random.Next(Pieces.Length)]);
        }

        return text.ToString();
    }

    /// <summary>Appends an unknown field now and then, as a newer client might send; protobuf keeps it through a parse.</summary>
    private T WithUnknownField<T>(T message)
        where T : IMessage<T>, new()
    {
        if (!Chance(10))
        {
            return message;
        }

        byte[] unknown = Chance(50) ? [0xC0, 0x3E, 0x2A] : [0xC2, 0x3E, 0x02, 0x68, 0x69];
        var merged = new T();
        merged.MergeFrom([.. message.ToByteArray(), .. unknown]);
        return merged;
    }

    private ByteString Id(int length)
    {
        var bytes = new byte[length];
        _random.NextBytes(bytes);
        bytes[0] |= 1;
        return ByteString.CopyFrom(bytes);
    }

    /// <summary>Up to three, or in a hostile request now and then one over <paramref name="hostileLimit"/>.</summary>
    private int Count(int hostileLimit) => _hostile && Chance(3) ? hostileLimit + 1 : _random.Next(4);

    private bool Chance(int percent) => _random.Next(100) < percent;

    private bool Defect() => _hostile && Chance(1);
}
