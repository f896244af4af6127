using Google.Protobuf;
using Jaeger.Streaming.Ingester.Decoding;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Fuzz.Targets;

/// <summary>The ingester's wire decoder decodes a record exactly as Google.Protobuf does, or leaves it to Google.Protobuf.</summary>
internal sealed class RecordDecodeTarget : FuzzTarget
{
    private WireTraceDecoder? _decoder;

    public override string Name => "record-decode";

    public override string Corpus => SeedCorpus.Records;

    public override void Run(byte[] input)
    {
        _decoder ??= new WireTraceDecoder();
        if (_decoder.TryDecode(input) is not { } decoded)
        {
            return;
        }

        ExportTraceServiceRequest reference;
        try
        {
            reference = ExportTraceServiceRequest.Parser.ParseFrom(input);
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidOperationException($"The wire decoder accepted a record Google.Protobuf refuses: {e.Message}", e);
        }

        Assert.Equal(reference, decoded);
    }
}
