using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace Jaeger.Streaming.Storage.Tests.Conformance;

/// <summary>
/// Read scopes (RBAC in the storage query): listings, searches and trace lookups see only permitted services, depths
/// count only permitted traces, and a trace lookup reports how many spans it withheld.
/// </summary>
public abstract partial class TraceStoreConformance
{
    [Fact]
    public async Task Services_listing_shows_only_permitted_services()
    {
        await WriteAsync(
            Otlp.ResourceSpans("checkout-api", Otlp.Span(Otlp.NewTraceId(), start: T0)),
            Otlp.ResourceSpans("checkout-web", Otlp.Span(Otlp.NewTraceId(), start: T0)),
            Otlp.ResourceSpans("billing", Otlp.Span(Otlp.NewTraceId(), start: T0)),
            Otlp.ResourceSpans("admin", Otlp.Span(Otlp.NewTraceId(), start: T0)));

        Assert.Equal(["billing", "checkout-api", "checkout-web"], await Store.Reader.GetServicesAsync(Permitting("checkout-*", "billing"), Ct));
    }

    [Fact]
    public async Task Operations_of_a_forbidden_service_are_not_listed()
    {
        await WriteAsync(Otlp.ResourceSpans("admin", Otlp.Span(Otlp.NewTraceId(), "DELETE /users", T0)));

        Assert.Empty(await Store.Reader.GetOperationsAsync(Permitting("checkout-*"), "admin", null, Ct));
        Assert.Equal([new Operation("DELETE /users", SpanKind.Server)], await Store.Reader.GetOperationsAsync(Permitting("admin"), "admin", null, Ct));
    }

    [Fact]
    public async Task Search_for_a_forbidden_service_finds_nothing()
    {
        await WriteAsync(Otlp.ResourceSpans("admin", Otlp.Span(Otlp.NewTraceId(), start: T0)));

        Assert.Empty(await FindIdsAsync(Permitting("checkout"), Query() with { ServiceName = "admin" }));
        Assert.Empty(await Store.Reader.FindTracesAsync(Permitting("checkout"), Query() with { ServiceName = "admin" }, Ct));
    }

    [Fact]
    public async Task Search_without_a_service_finds_only_traces_with_a_permitted_span()
    {
        var permitted = Otlp.NewTraceId();
        await WriteAsync(
            Otlp.ResourceSpans("admin", Otlp.Span(Otlp.NewTraceId(), start: T0.AddSeconds(1))),
            Otlp.ResourceSpans("checkout", Otlp.Span(permitted, start: T0)));

        Assert.Equal([permitted.Id], await FindIdsAsync(Permitting("checkout"), Query()));
    }

    [Fact]
    public async Task A_trace_matches_only_on_its_permitted_spans()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(
            Otlp.ResourceSpans("admin", Otlp.Span(trace, "audit", T0).With(Otlp.Attr("user.id", "u-1"))),
            Otlp.ResourceSpans("checkout", Otlp.Span(trace, "pay", T0)));

        Assert.Empty(await FindIdsAsync(Permitting("checkout"), Query() with { Attributes = Pairs(("user.id", "u-1")) }));
        Assert.Empty(await FindIdsAsync(Permitting("checkout"), Query() with { OperationName = "audit" }));
        Assert.Equal([trace.Id], await FindIdsAsync(Permitting("checkout"), Query() with { OperationName = "pay" }));
    }

    [Fact]
    public async Task Search_depth_counts_only_permitted_traces()
    {
        // The newest traces are forbidden: filtering after a depth-limited search would return none of the permitted ones.
        var permitted = new List<TraceIdBytes>();
        for (var i = 0; i < 3; i++)
        {
            var trace = Otlp.NewTraceId();
            permitted.Add(trace);
            await WriteAsync(Otlp.ResourceSpans("checkout", Otlp.Span(trace, start: T0.AddSeconds(i))));
        }

        for (var i = 0; i < 3; i++)
        {
            await WriteAsync(Otlp.ResourceSpans("admin", Otlp.Span(Otlp.NewTraceId(), start: T0.AddSeconds(10 + i))));
        }

        var found = await FindIdsAsync(Permitting("checkout"), Query() with { SearchDepth = 2 });

        Assert.Equal([permitted[2].Id, permitted[1].Id], found);
    }

    [Fact]
    public async Task Trace_by_id_returns_the_permitted_spans_and_counts_the_withheld_ones()
    {
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, "GET /checkout", T0);
        await WriteAsync(
            Otlp.ResourceSpans("checkout-api", root, Otlp.Span(trace, "reserve", T0.AddMilliseconds(1), parent: root.SpanId)),
            Otlp.ResourceSpans("admin", Otlp.Span(trace, "audit", T0.AddMilliseconds(2), parent: root.SpanId), Otlp.Span(trace, "log", T0.AddMilliseconds(3), parent: root.SpanId)),
            Otlp.ResourceSpans("billing", Otlp.Span(trace, "charge", T0.AddMilliseconds(4), parent: root.SpanId)));

        var read = await Store.Reader.GetTraceAsync(Permitting("checkout-*"), trace.Id, null, Ct);

        Assert.Equal(["GET /checkout", "reserve"], SpanNames(read!));
        Assert.Equal(3, read!.WithheldSpans);
        Assert.True(read.IsPartial);
    }

    [Fact]
    public async Task Trace_by_id_with_no_permitted_span_is_not_found()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans("admin", Otlp.Span(trace, start: T0)));

        Assert.Null(await Store.Reader.GetTraceAsync(Permitting("checkout"), trace.Id, null, Ct));
    }

    [Fact]
    public async Task Trace_by_id_window_must_hold_a_permitted_span()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(
            Otlp.ResourceSpans("checkout", Otlp.Span(trace, start: T0)),
            Otlp.ResourceSpans("admin", Otlp.Span(trace, start: T0.AddMinutes(10))));

        Assert.Null(await Store.Reader.GetTraceAsync(Permitting("checkout"), trace.Id, new TimeWindow(T0.AddMinutes(5), T0.AddMinutes(15)), Ct));
    }

    [Fact]
    public async Task Found_traces_hold_only_permitted_spans_with_the_withheld_count()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(
            Otlp.ResourceSpans("checkout", Otlp.Span(trace, "pay", T0)),
            Otlp.ResourceSpans("admin", Otlp.Span(trace, "audit", T0)));

        var found = Assert.Single(await Store.Reader.FindTracesAsync(Permitting("checkout"), Query(), Ct));

        Assert.Equal(["pay"], SpanNames(found));
        Assert.Equal(1, found.WithheldSpans);
    }

    [Fact]
    public async Task A_whole_trace_reports_nothing_withheld()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans("checkout", Otlp.Span(trace, start: T0), Otlp.Span(trace, start: T0)));

        var read = await Store.Reader.GetTraceAsync(Permitting("checkout"), trace.Id, null, Ct);

        Assert.Equal(0, read!.WithheldSpans);
        Assert.False(read.IsPartial);
    }

    [Fact]
    public async Task A_scope_without_patterns_sees_nothing()
    {
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, start: T0);
        await WriteAsync(Otlp.ResourceSpans("checkout", root), Otlp.ResourceSpans("billing", Otlp.Span(trace, start: T0, parent: root.SpanId)));
        var nothing = Permitting();

        Assert.Empty(await Store.Reader.GetServicesAsync(nothing, Ct));
        Assert.Empty(await Store.Reader.GetOperationsAsync(nothing, "checkout", null, Ct));
        Assert.Empty(await FindIdsAsync(nothing, Query()));
        Assert.Null(await Store.Reader.GetTraceAsync(nothing, trace.Id, null, Ct));
        Assert.Empty(await Store.Reader.GetDependenciesAsync(nothing, new TimeWindow(T0.AddHours(-1), T0.AddHours(1)), Ct));
    }

    [Theory]
    [InlineData("checkout-*", "checkout-api", true)]
    [InlineData("checkout-*", "checkout-", true)]
    [InlineData("checkout-*", "checkout", false)]
    [InlineData("checkout-*", "Checkout-api", false)]
    [InlineData("checkout-*", "my-checkout-api", false)]
    [InlineData("*-internal", "billing-internal", true)]
    [InlineData("*-internal", "billing-internal-2", false)]
    [InlineData("pay*ment", "payment", true)]
    [InlineData("pay*ment", "pay-v2-ment", true)]
    [InlineData("a*b*c", "a-c-b-c", true)]
    [InlineData("a*b*c", "a-c-b", false)]
    [InlineData("cart", "cart", true)]
    [InlineData("cart", "cart-2", false)]
    [InlineData("check?ut", "checkout", false)]
    [InlineData("check?ut", "check?ut", true)]
    [InlineData("[c]art", "cart", false)]
    [InlineData("[c]art", "[c]art", true)]
    [InlineData("cart.*", "cartXsvc", false)]
    [InlineData("cart%", "cart-api", false)]
    [InlineData("cart_", "cartX", false)]
    [InlineData("c\\*", "c*", false)]
    [InlineData("c\\*", "c\\x", true)]
    public async Task Service_patterns_follow_the_glob_language_exactly(string pattern, string service, bool permitted)
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Otlp.ResourceSpans(service, Otlp.Span(trace, start: T0)));
        var scope = Permitting(pattern);

        Assert.Equal(permitted ? [service] : [], await Store.Reader.GetServicesAsync(scope, Ct));
        Assert.Equal(permitted ? [trace.Id] : [], await FindIdsAsync(scope, Query()));
        Assert.Equal(permitted, await Store.Reader.GetTraceAsync(scope, trace.Id, null, Ct) is not null);
    }

    [Fact]
    public async Task Scope_patterns_apply_within_the_scopes_tenant_only()
    {
        await WriteAsync(Acme, Otlp.ResourceSpans("checkout-api", Otlp.Span(Otlp.NewTraceId(), start: T0)));
        await WriteAsync(Globex, Otlp.ResourceSpans("checkout-web", Otlp.Span(Otlp.NewTraceId(), start: T0)));

        Assert.Equal(["checkout-api"], await Store.Reader.GetServicesAsync(ReadScope.ServicesOf(Acme, [ServicePattern.Parse("checkout-*")]), Ct));
    }

    /// <summary>The default tenant with only the services matching <paramref name="patterns"/>.</summary>
    private static ReadScope Permitting(params string[] patterns) =>
        ReadScope.ServicesOf(TenantName.Default, patterns.Select(ServicePattern.Parse));

    private static List<string> SpanNames(ScopedTrace trace) =>
        [.. trace.Trace.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name).Order(StringComparer.Ordinal)];
}
