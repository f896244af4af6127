using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Storage.Tests.Conformance;

/// <summary>
/// The service map: parent service → child service edges from stored spans (parent by parent span id within the
/// trace), with call and error counts, between different services only, per tenant and per scope.
/// </summary>
public abstract partial class TraceStoreConformance
{
    [Fact]
    public async Task Dependencies_count_calls_from_parent_service_to_child_service()
    {
        for (var i = 0; i < 2; i++)
        {
            var trace = Otlp.NewTraceId();
            var root = Otlp.Span(trace, "GET /", T0);
            var cart = Otlp.Span(trace, "GET /cart", T0.AddMilliseconds(1), parent: root.SpanId);
            var spans = new List<ResourceSpans>
            {
                Otlp.ResourceSpans("frontend", root),
                Otlp.ResourceSpans("cart", cart, Otlp.Span(trace, "cart.load", T0.AddMilliseconds(2), parent: cart.SpanId)),
            };
            if (i == 0)
            {
                spans.Add(Otlp.ResourceSpans("cart", Otlp.Span(trace, "GET /cart/items", T0.AddMilliseconds(3), parent: root.SpanId)));
                spans.Add(Otlp.ResourceSpans("db", Otlp.Span(trace, "SELECT", T0.AddMilliseconds(4), parent: cart.SpanId)));
            }

            await WriteAsync([.. spans]);
        }

        var links = await Store.Reader.GetDependenciesAsync(All, Window(), Ct);

        Assert.Equal([new ServiceDependency("cart", "db", 1, 0), new ServiceDependency("frontend", "cart", 3, 0)], links);
    }

    [Fact]
    public async Task Dependencies_count_child_spans_with_error_status_as_errors()
    {
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, start: T0);
        var failed = Otlp.Span(trace, "charge", T0, parent: root.SpanId);
        failed.Status = new Status { Code = Status.Types.StatusCode.Error, Message = "card declined" };
        var ok = Otlp.Span(trace, "charge", T0, parent: root.SpanId);
        ok.Status = new Status { Code = Status.Types.StatusCode.Ok };
        var failedParent = Otlp.Span(trace, "checkout", T0.AddMilliseconds(1));
        failedParent.Status = new Status { Code = Status.Types.StatusCode.Error };
        await WriteAsync(
            Otlp.ResourceSpans("checkout", root, failedParent),
            Otlp.ResourceSpans("billing", failed, ok, Otlp.Span(trace, "charge", T0, parent: failedParent.SpanId)));

        Assert.Equal([new ServiceDependency("checkout", "billing", 3, 1)], await Store.Reader.GetDependenciesAsync(All, Window(), Ct));
    }

    [Fact]
    public async Task Calls_within_one_service_and_spans_without_a_stored_parent_make_no_edge()
    {
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, start: T0);
        await WriteAsync(
            Otlp.ResourceSpans("cart", root, Otlp.Span(trace, "inner", T0, parent: root.SpanId)),
            Otlp.ResourceSpans("db", Otlp.Span(trace, "orphan", T0, parent: Otlp.NewSpanId())));

        Assert.Empty(await Store.Reader.GetDependenciesAsync(All, Window(), Ct));
    }

    [Fact]
    public async Task A_parent_span_of_another_trace_makes_no_edge()
    {
        var root = Otlp.Span(Otlp.NewTraceId(), start: T0);
        await WriteAsync(
            Otlp.ResourceSpans("frontend", root),
            Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), start: T0, parent: root.SpanId)));

        Assert.Empty(await Store.Reader.GetDependenciesAsync(All, Window(), Ct));
    }

    [Fact]
    public async Task Dependencies_count_child_spans_that_start_inside_the_window()
    {
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, start: T0.AddMinutes(-30));
        await WriteAsync(
            Otlp.ResourceSpans("frontend", root),
            Otlp.ResourceSpans(
                "cart",
                Otlp.Span(trace, "before", T0.AddMinutes(-10), parent: root.SpanId),
                Otlp.Span(trace, "at-start", T0, parent: root.SpanId),
                Otlp.Span(trace, "at-end", T0.AddMinutes(5), parent: root.SpanId),
                Otlp.Span(trace, "after", T0.AddMinutes(5).AddTicks(10), parent: root.SpanId)));

        var links = await Store.Reader.GetDependenciesAsync(All, new TimeWindow(T0, T0.AddMinutes(5)), Ct);

        Assert.Equal([new ServiceDependency("frontend", "cart", 2, 0)], links);
    }

    [Fact]
    public async Task Dependencies_are_computed_per_tenant()
    {
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, start: T0);
        await WriteAsync(Acme, Otlp.ResourceSpans("frontend", root), Otlp.ResourceSpans("cart", Otlp.Span(trace, start: T0, parent: root.SpanId)));

        // Globex reuses the trace and parent ids: its span must not join acme's parent.
        await WriteAsync(Globex, Otlp.ResourceSpans("billing", Otlp.Span(trace, start: T0, parent: root.SpanId)));

        Assert.Equal([new ServiceDependency("frontend", "cart", 1, 0)], await Store.Reader.GetDependenciesAsync(ReadScope.AllServicesOf(Acme), Window(), Ct));
        Assert.Empty(await Store.Reader.GetDependenciesAsync(ReadScope.AllServicesOf(Globex), Window(), Ct));
        Assert.Empty(await Store.Reader.GetDependenciesAsync(All, Window(), Ct));
    }

    [Fact]
    public async Task Dependencies_show_only_edges_between_two_permitted_services()
    {
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, start: T0);
        var cart = Otlp.Span(trace, start: T0, parent: root.SpanId);
        await WriteAsync(
            Otlp.ResourceSpans("checkout-web", root),
            Otlp.ResourceSpans("checkout-cart", cart),
            Otlp.ResourceSpans("admin", Otlp.Span(trace, start: T0, parent: cart.SpanId)));

        var links = await Store.Reader.GetDependenciesAsync(Permitting("checkout-*"), Window(), Ct);

        Assert.Equal([new ServiceDependency("checkout-web", "checkout-cart", 1, 0)], links);
    }

    private static TimeWindow Window() => new(T0.AddHours(-1), T0.AddHours(1));
}
