using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using SpanKind = OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind;

namespace Jaeger.Streaming.Storage.Tests.Conformance;

/// <summary>Tenancy: data written under one tenant is invisible to every read of another, even under the same names and ids.</summary>
public abstract partial class TraceStoreConformance
{
    private const string Acme = "acme";
    private const string Globex = "globex";

    [Fact]
    public async Task Search_finds_only_the_tenants_traces_when_two_tenants_share_a_service_name()
    {
        var acmeTrace = Otlp.NewTraceId();
        var globexTrace = Otlp.NewTraceId();
        await WriteAsync(Acme, Otlp.ResourceSpans("cart", Otlp.Span(acmeTrace, start: T0)));
        await WriteAsync(Globex, Otlp.ResourceSpans("cart", Otlp.Span(globexTrace, start: T0.AddSeconds(1))));

        Assert.Equal([acmeTrace.Id], await FindIdsAsync(ReadScope.AllServicesOf(Acme), Query() with { ServiceName = "cart" }));
        Assert.Equal([globexTrace.Id], await FindIdsAsync(ReadScope.AllServicesOf(Globex), Query() with { ServiceName = "cart" }));
    }

    [Fact]
    public async Task Search_by_attribute_finds_only_the_tenants_traces()
    {
        var acmeTrace = Otlp.NewTraceId();
        await WriteAsync(Acme, Otlp.ResourceSpans("cart", Otlp.Span(acmeTrace, start: T0).With(Otlp.Attr("order.id", "42"))));
        await WriteAsync(Globex, Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), start: T0).With(Otlp.Attr("order.id", "42"))));

        Assert.Equal([acmeTrace.Id], await FindIdsAsync(ReadScope.AllServicesOf(Acme), Query() with { Attributes = Pairs(("order.id", "42")) }));
    }

    [Fact]
    public async Task Services_listing_shows_only_the_tenants_services()
    {
        await WriteAsync(Acme, Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), start: T0)));
        await WriteAsync(Globex, Otlp.ResourceSpans("billing", Otlp.Span(Otlp.NewTraceId(), start: T0)));

        Assert.Equal(["cart"], await Store.Reader.GetServicesAsync(ReadScope.AllServicesOf(Acme), Ct));
        Assert.Equal(["billing"], await Store.Reader.GetServicesAsync(ReadScope.AllServicesOf(Globex), Ct));
        Assert.Empty(await Store.Reader.GetServicesAsync(All, Ct));
    }

    [Fact]
    public async Task Operations_listing_shows_only_the_tenants_operations_of_a_shared_service_name()
    {
        await WriteAsync(Acme, Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "GET /cart", T0)));
        await WriteAsync(Globex, Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId(), "DELETE /cart", T0)));

        Assert.Equal([new Operation("GET /cart", SpanKind.Server)], await Store.Reader.GetOperationsAsync(ReadScope.AllServicesOf(Acme), "cart", null, Ct));
    }

    [Fact]
    public async Task Trace_by_id_is_not_found_by_another_tenant()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Acme, Otlp.ResourceSpans("cart", Otlp.Span(trace, start: T0)));

        Assert.Null(await Store.Reader.GetTraceAsync(ReadScope.AllServicesOf(Globex), trace.Id, null, Ct));
        Assert.NotNull(await Store.Reader.GetTraceAsync(ReadScope.AllServicesOf(Acme), trace.Id, null, Ct));
    }

    [Fact]
    public async Task The_same_span_ids_under_two_tenants_are_two_spans_and_neither_overwrites_the_other()
    {
        var trace = Otlp.NewTraceId();
        var acmeSpan = Otlp.Span(trace, start: T0).With(Otlp.Attr("owner", "acme"));
        var globexSpan = acmeSpan.Clone();
        globexSpan.Attributes[0].Value.StringValue = "globex";
        await WriteAsync(Acme, Otlp.ResourceSpans("cart", acmeSpan));
        await WriteAsync(Globex, Otlp.ResourceSpans("cart", globexSpan));

        var acme = await Store.Reader.GetTraceAsync(ReadScope.AllServicesOf(Acme), trace.Id, null, Ct);
        var globex = await Store.Reader.GetTraceAsync(ReadScope.AllServicesOf(Globex), trace.Id, null, Ct);

        Assert.Equal(acmeSpan, Assert.Single(acme!.Trace.ResourceSpans[0].ScopeSpans[0].Spans));
        Assert.Equal(globexSpan, Assert.Single(globex!.Trace.ResourceSpans[0].ScopeSpans[0].Spans));
        Assert.Equal(0, acme.WithheldSpans);
        Assert.Empty(await FindIdsAsync(ReadScope.AllServicesOf(Acme), Query() with { Attributes = Pairs(("owner", "globex")) }));
    }

    [Fact]
    public async Task Found_traces_hold_only_the_tenants_spans_of_a_trace_id_both_tenants_used()
    {
        var trace = Otlp.NewTraceId();
        await WriteAsync(Acme, Otlp.ResourceSpans("cart", Otlp.Span(trace, "acme-op", T0)));
        await WriteAsync(Globex, Otlp.ResourceSpans("cart", Otlp.Span(trace, "globex-op", T0), Otlp.Span(trace, "globex-op-2", T0)));

        var found = Assert.Single(await Store.Reader.FindTracesAsync(ReadScope.AllServicesOf(Acme), Query(), Ct));

        Assert.Equal("acme-op", Assert.Single(found.Trace.ResourceSpans[0].ScopeSpans[0].Spans).Name);
        Assert.Equal(0, found.WithheldSpans);
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("acme corp")]
    [InlineData("")]
    [InlineData("-acme")]
    [InlineData("acme*")]
    public async Task Writer_refuses_an_invalid_tenant_name_and_writes_nothing(string tenant)
    {
        var trace = Otlp.NewTraceId();

        await Assert.ThrowsAsync<ArgumentException>(() => Store.Writer.WriteAsync(tenant, [Otlp.ResourceSpans("cart", Otlp.Span(trace, start: T0))], Ct));

        await Store.MakeWritesVisibleAsync();
        Assert.Empty(await FindIdsAsync(Query()));
        Assert.Empty(await FindIdsAsync(ReadScope.AllServicesOf(Acme), Query()));
        Assert.Empty(await Store.Reader.GetServicesAsync(All, Ct));
    }
}
