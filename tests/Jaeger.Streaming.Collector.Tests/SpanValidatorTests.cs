using Google.Protobuf;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

public sealed class SpanValidatorTests
{
    private readonly SpanValidator _validator = new(Options.Create(new SpanLimits()), TimeProvider.System);

    [Fact]
    public void Keeps_valid_spans_and_reports_nothing_rejected()
    {
        var request = RequestOf(Otlp.Span(Otlp.NewTraceId()), Otlp.Span(Otlp.NewTraceId()));

        var result = _validator.Validate(request);

        Assert.Equal((2, 0, ""), (result.AcceptedSpans, result.RejectedSpans, result.ErrorMessage));
        Assert.Equal(2, request.AllSpans().Count);
    }

    [Fact]
    public void Rejects_span_with_all_zero_trace_id()
    {
        var span = Otlp.Span(Otlp.NewTraceId(), name: "zero-trace");
        span.TraceId = ByteString.CopyFrom(new byte[16]);

        var result = _validator.Validate(RequestOf(span));

        Assert.Equal(1, result.RejectedSpans);
        Assert.Contains("trace_id", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'zero-trace'", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    [InlineData(17)]
    public void Rejects_span_whose_trace_id_is_not_16_bytes(int length)
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.TraceId = ByteString.CopyFrom(Enumerable.Repeat((byte)1, length).ToArray());

        var result = _validator.Validate(RequestOf(span));

        Assert.Equal(1, result.RejectedSpans);
        Assert.Contains($"{length} bytes", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_span_with_all_zero_span_id()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.SpanId = ByteString.CopyFrom(new byte[8]);

        var result = _validator.Validate(RequestOf(span));

        Assert.Equal(1, result.RejectedSpans);
        Assert.Contains("span_id", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    [InlineData(16)]
    public void Rejects_span_whose_span_id_is_not_8_bytes(int length)
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.SpanId = ByteString.CopyFrom(Enumerable.Repeat((byte)1, length).ToArray());

        var result = _validator.Validate(RequestOf(span));

        Assert.Equal(1, result.RejectedSpans);
        Assert.Contains("span_id", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Rejects_span_that_ends_before_it_starts()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.EndTimeUnixNano = span.StartTimeUnixNano - 1;

        var result = _validator.Validate(RequestOf(span));

        Assert.Equal(1, result.RejectedSpans);
        Assert.Contains("end_time_unix_nano", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Accepts_span_that_ends_when_it_starts()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.EndTimeUnixNano = span.StartTimeUnixNano;

        var result = _validator.Validate(RequestOf(span));

        Assert.Equal((1, 0), (result.AcceptedSpans, result.RejectedSpans));
    }

    [Fact]
    public void Drops_invalid_spans_in_place_and_counts_each_kind_once_per_span()
    {
        var traceId = Otlp.NewTraceId();
        var valid = new[] { Otlp.Span(traceId, "a"), Otlp.Span(traceId, "b"), Otlp.Span(traceId, "c") };
        var badTrace = Otlp.Span(traceId, "bad-trace");
        badTrace.TraceId = ByteString.Empty;
        badTrace.SpanId = ByteString.Empty; // two defects, still one rejected span
        var badTimes = Otlp.Span(traceId, "bad-times");
        badTimes.EndTimeUnixNano = 1;
        var request = RequestOf(valid[0], badTrace, valid[1], badTimes, valid[2]);

        var result = _validator.Validate(request);

        Assert.Equal((3, 2), (result.AcceptedSpans, result.RejectedSpans));
        Assert.Equal(["a", "b", "c"], request.AllSpans().ConvertAll(s => s.Name));
        Assert.StartsWith("2 of 5 spans rejected", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'bad-trace'", result.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("'bad-times'", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Request_whose_spans_are_all_invalid_is_wholly_invalid()
    {
        var span = Otlp.Span(Otlp.NewTraceId());
        span.SpanId = ByteString.Empty;

        Assert.True(_validator.Validate(RequestOf(span)).WhollyInvalid);
    }

    [Fact]
    public void Request_without_spans_is_not_invalid()
    {
        Assert.False(_validator.Validate(new ExportTraceServiceRequest()).WhollyInvalid);
    }

    private static ExportTraceServiceRequest RequestOf(params Span[] spans) => Otlp.Request(Otlp.ResourceSpans("svc", spans));
}
