using Jaeger.Streaming.Schemas.Otlp;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Fuzz.Targets;

/// <summary>B1: an OTLP/JSON body either parses or fails with the <see cref="FormatException"/> the receiver answers 400 with.</summary>
internal sealed class OtlpJsonTarget : FuzzTarget
{
    public override string Name => "otlp-json";

    public override string Corpus => SeedCorpus.Json;

    public override void Run(byte[] input)
    {
        try
        {
            OtlpJson.Parse<ExportTraceServiceRequest>(input);
        }
        catch (FormatException)
        {
        }
    }
}
