using Google.Protobuf;
using Jaeger.Streaming.Collector.Pipeline;
using Jaeger.Streaming.Collector.Tests.Wire;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Fuzz.Targets;

/// <summary>
/// B1: a protobuf body the collector's wire scan calls clean is one the model path parses, leaves untouched, splits and
/// counts alike (<see cref="WirePaths"/>, the collector tests' property); any other body goes through the model path
/// without an exception.
/// </summary>
internal sealed class WireScanTarget : FuzzTarget
{
    private WirePaths? _paths;

    public override string Name => "wire-scan";

    public override string Corpus => SeedCorpus.Requests;

    public override void Run(byte[] input)
    {
        _paths ??= new WirePaths(GeneratedRequests.HostileLimits);
        if (_paths.AssertCleanMeansModelAgrees(input))
        {
            return;
        }

        ExportTraceServiceRequest request;
        try
        {
            request = ExportTraceServiceRequest.Parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException)
        {
            return;
        }

        _paths.Validator.Validate(request, null);
        WirePaths.ModelRecords(request);
        SpanCensus.Of(request, withRootSpans: true);
    }
}
