using System.Text.Json;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Fuzz.Targets;

/// <summary>
/// B3: a span document in Elasticsearch, Jaeger's own (no <c>otlp</c> field) or ours, reads back into answers the
/// query service can write, whatever its fields hold.
/// </summary>
internal sealed class JaegerDocumentTarget : FuzzTarget
{
    public override string Name => "jaeger-document";

    public override string Corpus => SeedCorpus.JaegerDocuments;

    public override void Run(byte[] input)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(input);
        }
        catch (JsonException)
        {
            return;
        }

        using (document)
        {
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                JaegerSpanDocument.StartMicros(document.RootElement);
                QueryAnswers.Write(new TracesData { ResourceSpans = { JaegerSpanDocument.Read(document.RootElement) } });
            }
        }
    }
}
