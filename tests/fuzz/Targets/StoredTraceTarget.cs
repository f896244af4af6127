using System.Text.Json;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Fuzz.Targets;

/// <summary>
/// A record the ingester decodes is redacted and prepared for both backends without an exception (one would fail the
/// record's batch), and what each backend stores reads back into answers the query service can write. The embedded
/// store may refuse spans it cannot hold, with the <see cref="ArgumentException"/> that sends the record to the dead letters.
/// </summary>
internal sealed class StoredTraceTarget : FuzzTarget
{
    private const string Tenant = "default";

    private SpanRecordDecoder? _decoder;
    private SpanRedactor? _redactor;

    public override string Name => "stored-trace";

    public override string Corpus => SeedCorpus.Records;

    public override void Run(byte[] input)
    {
        _decoder ??= new SpanRecordDecoder();
        _redactor ??= new SpanRedactor(new RedactionOptions(), "fuzzing-hash-key-of-32-bytes-ok!"u8.ToArray());
        if (!_decoder.TryDecode(null, input, out var request, out _))
        {
            return;
        }

        _redactor.Redact(request);
        QueryAnswers.Write(ReadFromEmbedded(request.ResourceSpans));
        QueryAnswers.Write(ReadFromElasticsearch(request.ResourceSpans));
    }

    private static TracesData ReadFromEmbedded(IReadOnlyList<ResourceSpans> resourceSpans)
    {
        var trace = new TracesData();
        try
        {
            foreach (var row in PreparedSpan.All(Tenant, resourceSpans))
            {
                trace.ResourceSpans.Add(StoredSpan.Decode(row.Payload));
            }
        }
        catch (ArgumentException)
        {
        }

        return trace;
    }

    private static TracesData ReadFromElasticsearch(IReadOnlyList<ResourceSpans> resourceSpans)
    {
        var trace = new TracesData();
        foreach (var resource in resourceSpans)
        {
            var service = JaegerSpanDocument.ServiceName(resource.Resource);
            foreach (var scope in resource.ScopeSpans)
            {
                var encoder = new StoredSpanEncoder(resource, scope);
                foreach (var span in scope.Spans)
                {
                    using var document = JsonDocument.Parse(JaegerSpanDocument.ToUtf8(Tenant, service, resource, scope, span, encoder));
                    trace.ResourceSpans.Add(JaegerSpanDocument.Read(document.RootElement));
                }
            }
        }

        return trace;
    }
}
