using Google.Protobuf;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;
using Span = OpenTelemetry.Proto.Trace.V1.Span;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace Jaeger.Streaming.Query.Tests.Http;

/// <summary>
/// Three traces at fixed times, so tests can aim time windows at them:
/// checkout (frontend "GET /cart" → db "SELECT", at T0), home (frontend "GET /home", T0+1m), charge (billing "charge", T0+2m, 1.5 ms).
/// </summary>
public sealed class SeededTraces
{
    public static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public SeededTraces()
    {
        CartSpan = Otlp.Span(Checkout, "GET /cart", T0, TimeSpan.FromMilliseconds(10));
        CartSpan.Status = new Status { Code = Status.Types.StatusCode.Ok };
        SelectSpan = Otlp.Span(Checkout, "SELECT", T0.AddMilliseconds(1), TimeSpan.FromMilliseconds(4), parent: CartSpan.SpanId);
        SelectSpan.Kind = SpanKind.Client;
        SelectSpan.Flags = 1;
        SelectSpan.Attributes.Add(Otlp.Attr("db.system", "postgresql"));
        SelectSpan.Attributes.Add(Otlp.Attr("db.rows", 42L));
        SelectSpan.Attributes.Add(Otlp.Attr("db.cost", 72.5));
        SelectSpan.Attributes.Add(Otlp.Attr("db.cached", true));
        SelectSpan.Attributes.Add(new OpenTelemetry.Proto.Common.V1.KeyValue
        {
            Key = "db.key",
            Value = new() { BytesValue = ByteString.CopyFrom(1, 2, 3) },
        });
        SelectSpan.Events.Add(new Span.Types.Event
        {
            Name = "cache miss",
            TimeUnixNano = Otlp.ToUnixNanos(T0.AddMilliseconds(2)),
            Attributes = { Otlp.Attr("cache.key", "cart:7") },
        });
        SelectSpan.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "timeout" };

        HomeSpan = Otlp.Span(Home, "GET /home", T0.AddMinutes(1), TimeSpan.FromMilliseconds(2));
        SelectSpan.Links.Add(new Span.Types.Link { TraceId = Home.Bytes, SpanId = HomeSpan.SpanId });

        ChargeSpan = Otlp.Span(Charge, "charge", T0.AddMinutes(2), TimeSpan.FromMicroseconds(1500));
        ChargeSpan.Kind = SpanKind.Producer;

        All =
        [
            WithHost(Otlp.ResourceSpans("frontend", CartSpan), "web-1"),
            WithHost(Otlp.ResourceSpans("db", SelectSpan), "db-1"),
            WithHost(Otlp.ResourceSpans("frontend", HomeSpan), "web-1"),
            Otlp.ResourceSpans("billing", ChargeSpan),
        ];
    }

    public TraceIdBytes Checkout { get; } = Otlp.NewTraceId();

    public TraceIdBytes Home { get; } = Otlp.NewTraceId();

    public TraceIdBytes Charge { get; } = Otlp.NewTraceId();

    public Span CartSpan { get; }

    public Span SelectSpan { get; }

    public Span HomeSpan { get; }

    public Span ChargeSpan { get; }

    public IReadOnlyList<ResourceSpans> All { get; }

    /// <summary>An RFC 3339 query value for <paramref name="time"/>, URL-escaped.</summary>
    public static string Rfc3339(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffffK", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>µs since the epoch, the legacy API's time unit.</summary>
    public static long Micros(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / 10;

    public static string Hex(ByteString id) => Convert.ToHexStringLower(id.Span);

    private static ResourceSpans WithHost(ResourceSpans resourceSpans, string host)
    {
        resourceSpans.Resource.Attributes.Add(Otlp.Attr("host.name", host));
        return resourceSpans;
    }
}
