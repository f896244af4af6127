using System.IO.Compression;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Jaeger.Streaming.Collector.Tests.Wire;
using Jaeger.Streaming.Fuzz.Targets;
using Jaeger.Streaming.Schemas.Otlp;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Fuzz;

/// <summary>
/// The starting inputs, one folder per kind: OTLP requests as an SDK sends them (protobuf and JSON), per-trace span
/// records as the collector writes them, span documents as our ingester and Jaeger write them, query strings, and
/// request bodies under each encoding. Small, so the fuzzer's mutations reach every field; built from the collector
/// tests' seeded requests, some with values around their limits.
/// </summary>
internal static class SeedCorpus
{
    public const string Requests = "requests";
    public const string Json = "json";
    public const string Records = "records";
    public const string JaegerDocuments = "jaeger-documents";
    public const string QueryStrings = "query-strings";
    public const string CompressedBodies = "compressed-bodies";

    /// <summary>A query string for each of the query service's reads, with every parameter it takes, in both APIs' spellings.</summary>
    private static readonly string[] Queries =
    [
        "service=frontend&operation=GET%20%2F&tags=%7B%22http.status_code%22%3A%22500%22%7D&tag=db.rows:42&minDuration=1.5ms&maxDuration=1m30s&limit=20&lookback=2h&start=1764936000000000&end=1764939600000000",
        "traceID=5b8efff798038103d269b633813fc60c&traceID=d269b633813fc60c",
        "query.service_name=cart&query.operation_name=checkout&query.start_time_min=2026-12-05T11:00:00Z&query.start_time_max=2026-12-05T12:00:00.5%2B01:00&query.duration_min=10ms&query.duration_max=1s&query.attributes=%7B%22db.rows%22%3A%2242%22%7D&query.num_traces=5",
        "query.serviceName=cart&query.startTimeMin=9999-12-30T11:00:00Z&query.startTimeMax=9999-12-31T23:59:59.9999999Z&query.searchDepth=1",
        "endTs=1764936000000&lookback=3600000",
        "start_time=2026-12-05T11:00:00Z&end_time=2026-12-05T12:00:00Z&service=frontend&spanKind=server",
        "startTime=0001-01-01T00:00:00Z&endTime=2026-12-05T12:00:00Z&service=frontend&span_kind=internal",
    ];

    private const int Seeds = 8;

    public static void Write(string folder)
    {
        foreach (var kind in new[] { Requests, Json, Records, JaegerDocuments, QueryStrings, CompressedBodies })
        {
            Directory.CreateDirectory(Path.Combine(folder, kind));
        }

        for (var i = 0; i < Queries.Length; i++)
        {
            File.WriteAllText(Path.Combine(folder, QueryStrings, $"{i}.txt"), Queries[i]);
        }

        var plain = new GeneratedRequests(0).Realistic(spans: 3).ToByteArray();
        for (var encoding = 0; encoding < CompressedBodyTarget.Encodings.Length; encoding++)
        {
            File.WriteAllBytes(Path.Combine(folder, CompressedBodies, $"{encoding}.bin"), [(byte)encoding, .. Compressed(CompressedBodyTarget.Encodings[encoding], plain)]);
        }

        // A bomb: a small body that decompresses past the target's limit.
        var bomb = new byte[4 * CompressedBodyTarget.LimitBytes];
        File.WriteAllBytes(Path.Combine(folder, CompressedBodies, "bomb.bin"), [1, .. Compressed("gzip", bomb)]);

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
            File.WriteAllText(Path.Combine(folder, JaegerDocuments, $"{seed}.json"), SpanDocument(ExportTraceServiceRequest.Parser.ParseFrom(record.Value), jaegers: seed % 2 == 0));
        }
    }

    /// <summary><paramref name="plain"/> as a client sends it under <paramref name="encoding"/>.</summary>
    private static byte[] Compressed(string encoding, byte[] plain)
    {
        using var output = new MemoryStream();
        switch (encoding)
        {
            case "snappy":
                return Snappier.Snappy.CompressToArray(plain);
            case "zstd":
                return new ZstdSharp.Compressor().Wrap(plain).ToArray();
            case "identity":
                return plain;
        }

        using (Stream compressor = encoding switch
        {
            "gzip" => new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "deflate" => new ZLibStream(output, CompressionLevel.Fastest, leaveOpen: true),
            "x-snappy-framed" => new Snappier.SnappyStream(output, CompressionMode.Compress, leaveOpen: true),
            _ => K4os.Compression.LZ4.Streams.LZ4Stream.Encode(output, leaveOpen: true),
        })
        {
            compressor.Write(plain);
        }

        return output.ToArray();
    }

    /// <summary>
    /// The first span of <paramref name="record"/> as our ingester stores it in Elasticsearch or, with
    /// <paramref name="jaegers"/>, as Jaeger itself would: our document without its exact OTLP copy.
    /// </summary>
    private static string SpanDocument(ExportTraceServiceRequest record, bool jaegers)
    {
        var resource = record.ResourceSpans[0];
        var scope = resource.ScopeSpans[0];
        var document = JsonNode.Parse(JaegerSpanDocument.ToUtf8("default", JaegerSpanDocument.ServiceName(resource.Resource), resource, scope, scope.Spans[0], new StoredSpanEncoder(resource, scope)))!.AsObject();
        if (jaegers)
        {
            document.Remove("otlp");
        }

        return document.ToJsonString();
    }
}
