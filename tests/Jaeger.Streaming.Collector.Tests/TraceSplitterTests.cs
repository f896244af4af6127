using Jaeger.Streaming.Collector.Splitting;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Common.V1;

namespace Jaeger.Streaming.Collector.Tests;

public sealed class TraceSplitterTests
{
    private readonly TraceSplitter _splitter = new();

    [Fact]
    public void Splits_a_request_into_one_request_per_trace()
    {
        var (first, second) = (Otlp.NewTraceId(), Otlp.NewTraceId());
        var request = Otlp.Request(Otlp.ResourceSpans("svc", Otlp.Span(first), Otlp.Span(second), Otlp.Span(first)));

        var batches = _splitter.Split(request);

        Assert.Equal([first.Id, second.Id], batches.ConvertAll(b => b.TraceId));
        Assert.Equal([2, 1], batches.ConvertAll(b => b.Spans.AllSpans().Count));
        Assert.All(batches, b => Assert.All(b.Spans.AllSpans(), s => Assert.Equal(b.TraceId, Schemas.TraceId.FromBytes(s.TraceId))));
    }

    [Fact]
    public void Keeps_each_span_under_its_own_resource_and_scope_with_their_schema_urls()
    {
        var traceId = Otlp.NewTraceId();
        var frontend = Otlp.ResourceSpans("frontend", Otlp.Span(traceId, "front"));
        frontend.SchemaUrl = "https://opentelemetry.io/schemas/1.24.0";
        frontend.ScopeSpans[0].SchemaUrl = "https://opentelemetry.io/schemas/1.25.0";
        var backend = Otlp.ResourceSpans("backend", Otlp.Span(traceId, "back"));
        backend.ScopeSpans[0].Scope = new InstrumentationScope { Name = "db", Version = "2.0" };

        var batch = Assert.Single(_splitter.Split(Otlp.Request(frontend, backend)));

        Assert.Equal(2, batch.Spans.ResourceSpans.Count);
        var (outFront, outBack) = (batch.Spans.ResourceSpans[0], batch.Spans.ResourceSpans[1]);
        Assert.Equal((frontend.Resource, frontend.SchemaUrl), (outFront.Resource, outFront.SchemaUrl));
        Assert.Equal((frontend.ScopeSpans[0].Scope, frontend.ScopeSpans[0].SchemaUrl), (outFront.ScopeSpans[0].Scope, outFront.ScopeSpans[0].SchemaUrl));
        Assert.Equal("front", Assert.Single(outFront.ScopeSpans[0].Spans).Name);
        Assert.Equal((backend.Resource, backend.ScopeSpans[0].Scope), (outBack.Resource, outBack.ScopeSpans[0].Scope));
        Assert.Equal("back", Assert.Single(outBack.ScopeSpans[0].Spans).Name);
    }
}
