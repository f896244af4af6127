using Jaeger.Streaming.Query.Tests.Http;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>
/// Traces of two tenants, at fixed times (see <see cref="SeededTraces.T0"/>). In <c>acme</c>: <see cref="Mixed"/>
/// (checkout → payments, checkout → checkout-db), <see cref="PaymentsOnly"/> and <see cref="CheckoutOnly"/>.
/// In <c>globex</c>: <see cref="Globex"/>, whose service is also called checkout.
/// </summary>
public sealed class TenantTraces
{
    private static readonly DateTimeOffset T0 = SeededTraces.T0;

    public TenantTraces()
    {
        var cart = Otlp.Span(Mixed, "GET /cart", T0, TimeSpan.FromMilliseconds(20));
        var charge = Otlp.Span(Mixed, "charge", T0.AddMilliseconds(2), TimeSpan.FromMilliseconds(5), parent: cart.SpanId);
        var select = Otlp.Span(Mixed, "SELECT", T0.AddMilliseconds(1), TimeSpan.FromMilliseconds(3), parent: cart.SpanId);
        var refund = Otlp.Span(PaymentsOnly, "refund", T0.AddMinutes(1));
        var home = Otlp.Span(CheckoutOnly, "GET /home", T0.AddMinutes(2));
        var globex = Otlp.Span(Globex, "GET /globex", T0.AddMinutes(3));

        Acme =
        [
            Otlp.ResourceSpans("checkout", cart, home),
            Otlp.ResourceSpans("payments", charge, refund),
            Otlp.ResourceSpans("checkout-db", select),
        ];
        GlobexSpans = [Otlp.ResourceSpans("checkout", globex)];
        SpanServices = new Dictionary<string, string>
        {
            [Hex(cart)] = "checkout",
            [Hex(home)] = "checkout",
            [Hex(charge)] = "payments",
            [Hex(refund)] = "payments",
            [Hex(select)] = "checkout-db",
            [Hex(globex)] = "globex:checkout",
        };
    }

    public TraceIdBytes Mixed { get; } = Otlp.NewTraceId();

    public TraceIdBytes PaymentsOnly { get; } = Otlp.NewTraceId();

    public TraceIdBytes CheckoutOnly { get; } = Otlp.NewTraceId();

    public TraceIdBytes Globex { get; } = Otlp.NewTraceId();

    public IReadOnlyList<ResourceSpans> Acme { get; }

    public IReadOnlyList<ResourceSpans> GlobexSpans { get; }

    /// <summary>Hex span id → service (<c>globex:</c>-prefixed for the other tenant's).</summary>
    public IReadOnlyDictionary<string, string> SpanServices { get; }

    public IReadOnlyDictionary<string, IReadOnlyList<ResourceSpans>> ByTenant => new Dictionary<string, IReadOnlyList<ResourceSpans>>
    {
        ["acme"] = Acme,
        ["globex"] = GlobexSpans,
    };

    /// <summary>Replaces <c>{mixed}</c>, <c>{payments}</c>, <c>{checkout}</c>, <c>{globex}</c>, <c>{v3window}</c>, <c>{window}</c> and <c>{deps}</c> in a path.</summary>
    public string Expand(string path) => path
        .Replace("{mixed}", Mixed.ToString(), StringComparison.Ordinal)
        .Replace("{payments}", PaymentsOnly.ToString(), StringComparison.Ordinal)
        .Replace("{checkout}", CheckoutOnly.ToString(), StringComparison.Ordinal)
        .Replace("{globex}", Globex.ToString(), StringComparison.Ordinal)
        .Replace("{v3window}", $"query.startTimeMin={SeededTraces.Rfc3339(T0.AddMinutes(-1))}&query.startTimeMax={SeededTraces.Rfc3339(T0.AddMinutes(10))}", StringComparison.Ordinal)
        .Replace("{window}", $"start={SeededTraces.Micros(T0.AddMinutes(-1))}&end={SeededTraces.Micros(T0.AddMinutes(10))}", StringComparison.Ordinal)
        .Replace("{deps}", $"endTs={T0.AddMinutes(10).ToUnixTimeMilliseconds()}&lookback=3600000", StringComparison.Ordinal);

    private static string Hex(Span span) => SeededTraces.Hex(span.SpanId);
}
