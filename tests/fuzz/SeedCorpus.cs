using System.Text.Json.Nodes;
using Google.Protobuf;
using Jaeger.Streaming.Collector.Tests.Wire;
using Jaeger.Streaming.Schemas.Otlp;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Fuzz;

/// <summary>
/// The starting inputs, one folder per kind: OTLP requests as an SDK sends them (protobuf and JSON), per-trace span
/// records as the collector writes them, and span documents as Jaeger writes them. Small, so the fuzzer's mutations
/// reach every field; built from the collector tests' seeded requests, some with values around their limits.
/// </summary>
internal static class SeedCorpus
{
    public const string Requests = "requests";
    public const string Json = "json";
    public const string Records = "records";
    public const string JaegerDocuments = "jaeger-documents";

    private const int Seeds = 8;

    public static void Write(string folder)
    {
        foreach (var kind in new[] { Requests, Json, Records, JaegerDocuments })
        {
            Directory.CreateDirectory(Path.Combine(folder, kind));
        }

        for (var seed = 0; seed < Seeds; seed++)
        {
            var generated = new GeneratedRequests(seed);
            var request = seed % 2 == 0 ? generated.Hostile() : generated.Realistic(spans: 3);
            if (seed == 1)
            {
                request.ResourceSpans[0].ScopeSpans[0].Spans[0].Attributes.Add(Otlp.Attr("user.email", "jo@example.com card 4111 1111 1111 1111"));
            }

            File.WriteAllBytes(Path.Combine(folder, Requests, $"{seed}.pb"), request.ToByteArray());
            File.WriteAllText(Path.Combine(folder, Json, $"{seed}.json"), OtlpJson.ToJsonNode(request).ToJsonString());
            var record = WirePaths.ModelRecords(request)[0];
            File.WriteAllBytes(Path.Combine(folder, Records, $"{seed}.pb"), record.Value);
            File.WriteAllText(Path.Combine(folder, JaegerDocuments, $"{seed}.json"), JaegerDocument(ExportTraceServiceRequest.Parser.ParseFrom(record.Value)));
        }
    }

    /// <summary>The first span of <paramref name="record"/> as Jaeger itself would store it: our document without its exact OTLP copy.</summary>
    private static string JaegerDocument(ExportTraceServiceRequest record)
    {
        var resource = record.ResourceSpans[0];
        var scope = resource.ScopeSpans[0];
        var document = JsonNode.Parse(JaegerSpanDocument.ToUtf8("default", JaegerSpanDocument.ServiceName(resource.Resource), resource, scope, scope.Spans[0], new StoredSpanEncoder(resource, scope)))!.AsObject();
        document.Remove("otlp");
        return document.ToJsonString();
    }
}
