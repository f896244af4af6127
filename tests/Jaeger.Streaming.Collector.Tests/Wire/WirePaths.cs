using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Collector.Pipeline;
using Jaeger.Streaming.Collector.Publishing;
using Jaeger.Streaming.Collector.Splitting;
using Jaeger.Streaming.Collector.Wire;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Options;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests.Wire;

/// <summary>The model path and the wire path side by side, on one set of limits and a clock fixed at <see cref="GeneratedRequests.Now"/>.</summary>
internal sealed class WirePaths
{
    public WirePaths(SpanLimits? limits = null)
    {
        Validator = new SpanValidator(Options.Create(limits ?? new SpanLimits()), new FixedClock(GeneratedRequests.Now));
        Scanner = new CleanRequestScanner(Validator);
    }

    public SpanValidator Validator { get; }

    public CleanRequestScanner Scanner { get; }

    public WireRequest? Scan(byte[] body, IReadOnlySet<string>? allowedServices = null) => Scanner.Scan(body, allowedServices, withRootSpans: true);

    public static List<TraceRecord> WireRecords(WireRequest scanned, byte[] body) => new WireTraceSplitter().Split(scanned, body);

    public static List<TraceRecord> ModelRecords(ExportTraceServiceRequest request) => new TraceSplitter().Split(request).ConvertAll(b => b.Encode());

    /// <summary>
    /// When the scan calls <paramref name="body"/> clean, asserts the model path agrees: it parses, the validator
    /// rejects and changes nothing, and both paths split and count it alike. Returns whether the scan called it clean.
    /// </summary>
    public bool AssertCleanMeansModelAgrees(byte[] body, IReadOnlySet<string>? allowedServices = null)
    {
        if (Scan(body, allowedServices) is not { } scanned)
        {
            return false;
        }

        var request = ExportTraceServiceRequest.Parser.ParseFrom(body);
        var untouched = request.Clone();
        var validation = Validator.Validate(request, allowedServices);

        Assert.Equal((scanned.Spans.Count, 0), (validation.AcceptedSpans, validation.RejectedSpans));
        Assert.Equal(untouched, request);
        AssertSameRecords(ModelRecords(request), WireRecords(scanned, body));
        AssertSameCensus(SpanCensus.Of(request, withRootSpans: true), scanned.Census);
        return true;
    }

    /// <summary>Same traces in the same order, each record decoding to the same request.</summary>
    public static void AssertSameRecords(List<TraceRecord> model, List<TraceRecord> wire)
    {
        Assert.Equal(model.ConvertAll(r => r.TraceId), wire.ConvertAll(r => r.TraceId));
        for (var i = 0; i < model.Count; i++)
        {
            Assert.Equal(ExportTraceServiceRequest.Parser.ParseFrom(model[i].Value), ExportTraceServiceRequest.Parser.ParseFrom(wire[i].Value));
        }
    }

    public static void AssertSameCensus(SpanCensus model, SpanCensus wire)
    {
        Assert.Equal([.. model.SpansPerService], [.. wire.SpansPerService]);
        Assert.Equal(model.RootSpans, wire.RootSpans);
    }
}
