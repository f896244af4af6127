using Jaeger.Streaming.Query.Api.V3;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Tests.Api;

public sealed class TraceSummaryTests
{
    private static readonly DateTimeOffset T0 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);
    private readonly TraceIdBytes _traceId = Otlp.NewTraceId();

    [Fact]
    public void Root_is_the_earliest_span_whose_parent_is_not_in_the_trace()
    {
        var orphan = Otlp.Span(_traceId, "late-orphan", T0.AddSeconds(1), parent: Otlp.NewSpanId());
        var root = Otlp.Span(_traceId, "root", T0.AddSeconds(2));
        var child = Otlp.Span(_traceId, "child", T0, parent: root.SpanId);

        var summary = TraceSummary.Of(Trace(Otlp.ResourceSpans("api", child, root), Otlp.ResourceSpans("worker", orphan)));

        Assert.Equal(("worker", "late-orphan"), (summary.RootServiceName, summary.RootSpanName));
    }

    [Fact]
    public void Duration_spans_from_earliest_start_to_latest_end_in_proto_json()
    {
        var first = Otlp.Span(_traceId, "a", T0, TimeSpan.FromMilliseconds(1));
        var last = Otlp.Span(_traceId, "b", T0.AddTicks(5), TimeSpan.FromSeconds(2));

        var summary = TraceSummary.Of(Trace(Otlp.ResourceSpans("api", first, last)));

        Assert.Equal("2025-03-01T10:00:00Z", summary.StartTime);
        Assert.Equal("2.000000500s", summary.Duration);
    }

    [Fact]
    public void Counts_spans_with_error_status()
    {
        var failed = Otlp.Span(_traceId);
        failed.Status = new Status { Code = Status.Types.StatusCode.Error };
        var ok = Otlp.Span(_traceId);
        ok.Status = new Status { Code = Status.Types.StatusCode.Ok };

        var summary = TraceSummary.Of(Trace(Otlp.ResourceSpans("api", failed, ok)));

        Assert.Equal((2, 1), (summary.SpanCount, summary.ErrorCount));
    }

    private static TracesData Trace(params ResourceSpans[] resourceSpans)
    {
        var trace = new TracesData();
        trace.ResourceSpans.AddRange(resourceSpans);
        return trace;
    }
}
