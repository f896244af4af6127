using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;
using static Jaeger.Streaming.Testing.Otlp;
using ProtoSpan = OpenTelemetry.Proto.Trace.V1.Span;

namespace Jaeger.Streaming.Ui.Tests;

/// <summary>
/// The traces the browser tests look at, sent through OTLP a few minutes before the tests start:
/// a checkout across three services with an error, an event and a cross-trace link; a smaller cart trace;
/// an unrelated inventory trace; and a 10,000-span batch.
/// </summary>
public sealed class SampleTraces
{
    public const int LargeSpanCount = 10_000;

    public SampleTraces(DateTimeOffset now)
    {
        var t0 = Start = now.AddMinutes(-5);

        Cart = NewTraceId();
        CartRoot = Span(Cart, "GET /cart", t0.AddSeconds(10), TimeSpan.FromMilliseconds(40));
        CartRoot.Attributes.Add(Attr("user.tier", "silver"));
        var cartGet = Span(Cart, "GetCart", t0.AddSeconds(10).AddMilliseconds(5), TimeSpan.FromMilliseconds(20), CartRoot.SpanId);

        Checkout = NewTraceId();
        CheckoutRoot = Span(Checkout, "GET /checkout", t0, TimeSpan.FromMilliseconds(120));
        CheckoutRoot.Attributes.Add(Attr("http.request.method", "GET"));
        CheckoutRoot.Attributes.Add(Attr("http.response.status_code", 200));
        CheckoutRoot.Attributes.Add(Attr("user.tier", "gold"));
        var callCart = Client(Span(Checkout, "call cart", t0.AddMilliseconds(5), TimeSpan.FromMilliseconds(30), CheckoutRoot.SpanId));
        var getCart = Span(Checkout, "GetCart", t0.AddMilliseconds(7), TimeSpan.FromMilliseconds(25), callCart.SpanId);
        getCart.Events.Add(new ProtoSpan.Types.Event
        {
            Name = "cache miss",
            TimeUnixNano = ToUnixNanos(t0.AddMilliseconds(10)),
            Attributes = { Attr("cache.key", "cart-42") },
        });
        var callPayment = Client(Span(Checkout, "call payment", t0.AddMilliseconds(40), TimeSpan.FromMilliseconds(60), CheckoutRoot.SpanId));
        Charge = Span(Checkout, "Charge", t0.AddMilliseconds(45), TimeSpan.FromMilliseconds(50), callPayment.SpanId);
        Charge.Attributes.Add(Attr("payment.provider", "acme-pay"));
        Charge.Attributes.Add(Attr("payment.amount", 72.5));
        Charge.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "card declined" };
        Charge.Events.Add(new ProtoSpan.Types.Event
        {
            Name = "exception",
            TimeUnixNano = ToUnixNanos(t0.AddMilliseconds(90)),
            Attributes = { Attr("exception.type", "CardDeclined"), Attr("exception.message", "card declined by issuer") },
        });
        Charge.Links.Add(new ProtoSpan.Types.Link { TraceId = Cart.Bytes, SpanId = CartRoot.SpanId, Attributes = { Attr("link.reason", "same basket") } });

        Inventory = NewTraceId();
        var restock = Span(Inventory, "Restock", t0.AddSeconds(20), TimeSpan.FromMilliseconds(8));

        Large = NewTraceId();
        var largeRoot = Span(Large, "batch", t0.AddSeconds(30), TimeSpan.FromSeconds(2));
        var largeSpans = new List<Span>(LargeSpanCount) { largeRoot };
        for (var group = 0; largeSpans.Count < LargeSpanCount; group++)
        {
            var parent = Span(Large, $"group-{group}", t0.AddSeconds(30).AddMilliseconds(group * 10), TimeSpan.FromMilliseconds(15), largeRoot.SpanId);
            largeSpans.Add(parent);
            for (var item = 0; item < 100 && largeSpans.Count < LargeSpanCount; item++)
            {
                largeSpans.Add(Span(Large, $"item-{group}-{item}", t0.AddSeconds(30).AddMilliseconds(group * 10).AddTicks(item * 1000), TimeSpan.FromMilliseconds(1), parent.SpanId));
            }
        }

        LargeLastSpanName = largeSpans[^1].Name;
        Requests =
        [
            Request(
                Frontend(CheckoutRoot, callCart, callPayment),
                ResourceSpans("cart", getCart),
                ResourceSpans("payment", Charge)),
            Request(Frontend(CartRoot), ResourceSpans("cart", cartGet)),
            Request(ResourceSpans("inventory", restock)),
            .. largeSpans.Chunk(2_000).Select(chunk => Request(ResourceSpans("bulk", chunk))),
        ];
    }

    /// <summary>When the checkout trace starts; the cart trace starts 10 s later, the inventory trace 20 s later.</summary>
    public DateTimeOffset Start { get; }

    public TraceIdBytes Checkout { get; }

    public Span CheckoutRoot { get; }

    public Span Charge { get; }

    public TraceIdBytes Cart { get; }

    public Span CartRoot { get; }

    public TraceIdBytes Inventory { get; }

    public TraceIdBytes Large { get; }

    /// <summary>The name of the last span in the large trace's depth-first order: the bottom row of its timeline.</summary>
    public string LargeLastSpanName { get; }

    public IReadOnlyList<ExportTraceServiceRequest> Requests { get; }

    /// <summary>Each trace id with the number of spans it holds once stored.</summary>
    public IEnumerable<(TraceIdBytes Trace, int Spans)> Expected =>
        [(Checkout, 5), (Cart, 2), (Inventory, 1), (Large, LargeSpanCount)];

    public static string Hex(Google.Protobuf.ByteString id) => Convert.ToHexStringLower(id.Span);

    private static Span Client(Span span)
    {
        span.Kind = ProtoSpan.Types.SpanKind.Client;
        return span;
    }

    private static OpenTelemetry.Proto.Trace.V1.ResourceSpans Frontend(params Span[] spans)
    {
        var resourceSpans = ResourceSpans("frontend", spans);
        resourceSpans.Resource.Attributes.Add(Attr("service.version", "1.4.2"));
        resourceSpans.Resource.Attributes.Add(Attr("host.name", "web-1"));
        resourceSpans.ScopeSpans[0].Scope = new InstrumentationScope { Name = "checkout-instrumentation", Version = "2.0.0" };
        return resourceSpans;
    }
}
