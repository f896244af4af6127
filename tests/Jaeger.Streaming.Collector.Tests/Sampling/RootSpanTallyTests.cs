using Jaeger.Streaming.Collector.Pipeline;
using Jaeger.Streaming.Collector.Sampling;
using Jaeger.Streaming.Collector.Sampling.Adaptive;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests.Sampling;

/// <summary>What the export path counts for adaptive sampling: root spans only, per (service, operation), within caps.</summary>
public sealed class RootSpanTallyTests
{
    [Fact]
    public void Counts_root_spans_per_service_and_operation_and_not_children()
    {
        var tally = Tally(new AdaptiveSamplingOptions());
        var trace = Otlp.NewTraceId();
        var root = Otlp.Span(trace, "GET /cart");

        tally.Count(Census(Otlp.ResourceSpans("checkout", root, Otlp.Span(trace, "SELECT", parent: root.SpanId), Otlp.Span(Otlp.NewTraceId(), "GET /cart"))));

        var counted = Assert.Single(tally.Drain());
        Assert.Equal(("checkout", "GET /cart", 2L), (counted.Service, counted.Operation, counted.Count));
    }

    [Fact]
    public void Drain_starts_the_next_bucket_from_zero()
    {
        var tally = Tally(new AdaptiveSamplingOptions());
        tally.Count(Census(Otlp.ResourceSpans("checkout", Otlp.Span(Otlp.NewTraceId(), "GET /cart"))));
        tally.Drain();

        Assert.Empty(tally.Drain());
    }

    [Fact]
    public void Probability_reported_by_a_jaeger_sdk_is_kept_with_the_count()
    {
        var tally = Tally(new AdaptiveSamplingOptions());
        var span = Otlp.Span(Otlp.NewTraceId(), "GET /cart");
        span.Attributes.Add(Otlp.Attr("sampler.type", "probabilistic"));
        span.Attributes.Add(Otlp.Attr("sampler.param", 0.25));

        tally.Count(Census(Otlp.ResourceSpans("checkout", span, Otlp.Span(Otlp.NewTraceId(), "GET /cart"))));

        Assert.Equal([0.25], Assert.Single(tally.Drain()).Probabilities);
    }

    [Fact]
    public void Operations_past_the_cap_are_not_counted()
    {
        var tally = Tally(new AdaptiveSamplingOptions { MaxOperationsPerService = 2 });

        tally.Count(Census(Otlp.ResourceSpans("checkout", Root("a"), Root("b"), Root("c"), Root("a"))));

        Assert.Equal([("a", 2L), ("b", 1L)], tally.Drain().Select(o => (o.Operation, o.Count)).OrderBy(o => o.Operation));
    }

    [Fact]
    public void Services_past_the_cap_are_not_counted()
    {
        var tally = Tally(new AdaptiveSamplingOptions { MaxServices = 1 });

        tally.Count(Census(Otlp.ResourceSpans("checkout", Root("a")), Otlp.ResourceSpans("billing", Root("a"))));

        Assert.Equal("checkout", Assert.Single(tally.Drain()).Service);
    }

    [Fact]
    public void Nothing_is_counted_outside_adaptive_mode()
    {
        var tally = new RootSpanTally(Options.Create(new SamplingOptions { Mode = SamplingMode.File }));

        tally.Count(Census(Otlp.ResourceSpans("checkout", Root("a"))));

        Assert.Empty(tally.Drain());
    }

    private static SpanCensus Census(params ResourceSpans[] resources) => SpanCensus.Of(Otlp.Request(resources), withRootSpans: true);

    private static Span Root(string operation) => Otlp.Span(Otlp.NewTraceId(), operation);

    private static RootSpanTally Tally(AdaptiveSamplingOptions adaptive) =>
        new(Options.Create(new SamplingOptions { Mode = SamplingMode.Adaptive, Adaptive = adaptive }));
}
