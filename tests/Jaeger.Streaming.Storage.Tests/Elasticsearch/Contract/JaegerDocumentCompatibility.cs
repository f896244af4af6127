using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Storage.Tests.Conformance;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Resource.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

/// <summary>
/// Our span documents against Jaeger's Elasticsearch span document format (written out below as Jaeger stores it),
/// and the way back: our documents and Jaeger's own to OTLP.
/// </summary>
public sealed class JaegerDocumentCompatibility
{
    // 2026-11-23T10:00:00.123456Z
    private const ulong StartNanos = 1_795_428_000_123_456_000;

    /// <summary>A span as Jaeger's ES span writer stores it (values as strings with their types, times in µs).</summary>
    private const string JaegerDocument = """
        {
          "traceID": "5b8efff798038103d269b633813fc60c",
          "spanID": "eee19b7ec3c1b174",
          "parentSpanID": "eee19b7ec3c1b173",
          "flags": 1,
          "operationName": "GET /dispatch",
          "references": [
            { "refType": "CHILD_OF", "traceID": "5b8efff798038103d269b633813fc60c", "spanID": "eee19b7ec3c1b173" }
          ],
          "startTime": 1795428000123456,
          "startTimeMillis": 1795428000123,
          "duration": 1500,
          "tags": [
            { "key": "http.method", "type": "string", "value": "GET" },
            { "key": "http.status_code", "type": "int64", "value": "200" },
            { "key": "sampler.param", "type": "bool", "value": "true" },
            { "key": "ratio", "type": "float64", "value": "0.5" },
            { "key": "span.kind", "type": "string", "value": "server" },
            { "key": "otel.status_code", "type": "string", "value": "ERROR" },
            { "key": "error", "type": "bool", "value": "true" },
            { "key": "otel.status_description", "type": "string", "value": "timed out" },
            { "key": "otel.scope.name", "type": "string", "value": "dispatch.http" },
            { "key": "otel.scope.version", "type": "string", "value": "1.2.0" }
          ],
          "logs": [
            {
              "timestamp": 1795428000123556,
              "fields": [
                { "key": "event", "type": "string", "value": "cache miss" },
                { "key": "cache.key", "type": "string", "value": "driver:42" }
              ]
            }
          ],
          "process": {
            "serviceName": "frontend",
            "tags": [ { "key": "hostname", "type": "string", "value": "node-1" } ]
          }
        }
        """;

    [Fact]
    public void Our_document_has_jaegers_field_names_types_and_values()
    {
        var ours = JsonNode.Parse(Document(DispatchSpan()))!.AsObject();

        // Jaeger ignores fields it does not know; these three are ours and nothing else differs.
        Assert.Equal(["linkTags", "otlp", "tenant"], ours.Select(p => p.Key).Except(JsonNode.Parse(JaegerDocument)!.AsObject().Select(p => p.Key)).Order());
        ours.Remove("tenant");
        ours.Remove("otlp");
        ours.Remove("linkTags");
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(JaegerDocument), ours), ours.ToJsonString());
    }

    /// <summary>
    /// Searches match the tags Jaeger derives from a span's fields in every backend: Elasticsearch because they are in
    /// the document, the embedded store through <see cref="JaegerDerivedTags"/>. The two must not drift apart.
    /// </summary>
    [Theory]
    [InlineData(Status.Types.StatusCode.Error)]
    [InlineData(Status.Types.StatusCode.Ok)]
    [InlineData(Status.Types.StatusCode.Unset)]
    public void The_document_carries_the_derived_tags_that_searches_match(Status.Types.StatusCode status)
    {
        var resourceSpans = DispatchSpan();
        var span = resourceSpans.ScopeSpans[0].Spans[0];
        span.Status = status == Status.Types.StatusCode.Error ? span.Status : new Status { Code = status };
        span.TraceState = "vendor=1";

        var written = JsonNode.Parse(Document(resourceSpans))!["tags"]!.AsArray()
            .Skip(span.Attributes.Count)
            .Select(tag => (tag!["key"]!.GetValue<string>(), tag["value"]!.GetValue<string>()));
        var derived = new List<KeyValue>();
        JaegerDerivedTags.Collect(span, resourceSpans.ScopeSpans[0].Scope, derived);

        Assert.Equal(derived.Select(tag => (tag.Key, AttributeText.Format(tag.Value))).Order(), written.Order());
        Assert.All(derived, tag => Assert.True(JaegerDerivedTags.IsDerived(tag.Key), tag.Key));
    }

    [Fact]
    public void A_document_jaeger_wrote_reads_as_the_same_otlp_span()
    {
        var read = JaegerSpanDocument.Read(JsonDocument.Parse(JaegerDocument).RootElement);

        Assert.Equal(DispatchSpan(), read);
    }

    [Fact]
    public void A_document_we_wrote_reads_back_from_jaegers_fields_alone()
    {
        var ours = JsonNode.Parse(Document(DispatchSpan()))!.AsObject();
        ours.Remove("otlp");

        Assert.Equal(DispatchSpan(), JaegerSpanDocument.Read(JsonDocument.Parse(ours.ToJsonString()).RootElement));
    }

    [Fact]
    public void A_rich_span_round_trips_exactly_through_its_document()
    {
        var written = SpanBuilders.RichSpan(Otlp.NewTraceId(), DateTimeOffset.UtcNow);

        var read = JaegerSpanDocument.Read(JsonDocument.Parse(Document(written)).RootElement);

        Assert.Equal(written, read);
    }

    [Fact]
    public void Jaegers_sixty_four_bit_trace_ids_are_padded_to_sixteen_bytes()
    {
        var node = JsonNode.Parse(JaegerDocument)!;
        node["traceID"] = "d269b633813fc60c";

        var read = JaegerSpanDocument.Read(JsonDocument.Parse(node.ToJsonString()).RootElement);

        Assert.Equal("0000000000000000d269b633813fc60c", JaegerSpanDocument.Hex(read.ScopeSpans[0].Spans[0].TraceId));
    }

    [Fact]
    public void Links_become_follows_from_references_and_their_attributes_are_searchable()
    {
        var resourceSpans = DispatchSpan();
        var linked = ByteString.CopyFrom(Convert.FromHexString("0af7651916cd43dd8448eb211c80319c"));
        resourceSpans.ScopeSpans[0].Spans[0].Links.Add(new Span.Types.Link
        {
            TraceId = linked,
            SpanId = ByteString.CopyFrom(Convert.FromHexString("b7ad6b7169203331")),
            Attributes = { Otlp.Attr("link.reason", "retry") },
        });

        var document = JsonNode.Parse(Document(resourceSpans))!;

        Assert.Equal(
            """{"refType":"FOLLOWS_FROM","traceID":"0af7651916cd43dd8448eb211c80319c","spanID":"b7ad6b7169203331"}""",
            document["references"]![1]!.ToJsonString());
        Assert.Equal("""[{"key":"link.reason","type":"string","value":"retry"}]""", document["linkTags"]!.ToJsonString());
    }

    [Fact]
    public void Composite_values_are_stored_as_their_search_text_and_bytes_as_hex_as_jaeger_does()
    {
        var resourceSpans = DispatchSpan();
        var span = resourceSpans.ScopeSpans[0].Spans[0];
        span.Attributes.Clear();
        span.Attributes.Add(new KeyValue { Key = "raw", Value = new AnyValue { BytesValue = ByteString.CopyFrom(0xca, 0xfe) } });
        span.Attributes.Add(new KeyValue { Key = "list", Value = new AnyValue { ArrayValue = new ArrayValue { Values = { new AnyValue { StringValue = "a" }, new AnyValue { IntValue = 2 } } } } });

        var tags = JsonNode.Parse(Document(resourceSpans))!["tags"]!.AsArray();

        Assert.Equal("""{"key":"raw","type":"binary","value":"cafe"}""", tags[0]!.ToJsonString());
        Assert.Equal(("list", "string", """["a",2]"""), (tags[1]!["key"]!.GetValue<string>(), tags[1]!["type"]!.GetValue<string>(), tags[1]!["value"]!.GetValue<string>()));
    }

    [Fact]
    public void A_document_written_after_one_of_megabytes_holds_only_its_own_span()
    {
        var huge = DispatchSpan();
        huge.ScopeSpans[0].Spans[0].Attributes.Add(Otlp.Attr("payload", new string('x', 3 * 1024 * 1024)));
        var small = DispatchSpan();

        var hugeRead = JaegerSpanDocument.Read(JsonDocument.Parse(Document(huge)).RootElement);
        var smallRead = JaegerSpanDocument.Read(JsonDocument.Parse(Document(small)).RootElement);

        Assert.Equal(huge, hugeRead);
        Assert.Equal(small, smallRead);
    }

    /// <summary>
    /// Elasticsearch keeps a document's source as sent, so another writer's half surrogate pair, or bytes that are not
    /// UTF-8, come back in it, in values and in names; each such piece reads as U+FFFD, as Go's encoder (Jaeger's)
    /// writes it, and the rest of the span as written.
    /// </summary>
    [Fact]
    public void Text_no_string_can_hold_reads_as_replacement_characters_in_a_document_jaeger_wrote()
    {
        var document = System.Text.Encoding.UTF8.GetBytes(JaegerDocument
            .Replace("\"GET /dispatch\"", "\"GET /dispatch\\ud800\"")
            .Replace("\"frontend\"", "\"front\\udfffend\"")
            .Replace("\"driver:42\"", "\"driver:#42\"")
            .Replace("\"flags\": 1,", "\"flags\": 1, \"\\udc00\\udc00\": \"ignored\","));
        document[Array.IndexOf(document, (byte)'#')] = 0xff; // starts no UTF-8 character
        var expected = DispatchSpan();
        expected.Resource.Attributes[0].Value.StringValue = "front\uFFFDend";
        expected.ScopeSpans[0].Spans[0].Name = "GET /dispatch\uFFFD";
        expected.ScopeSpans[0].Spans[0].Events[0].Attributes[0].Value.StringValue = "driver:\uFFFD42";

        Assert.Equal(expected, JaegerSpanDocument.Read(JsonDocument.Parse(document).RootElement));
    }

    [Theory]
    [InlineData("\"flags\": 1,", "\"flags\": \"1\",")]
    [InlineData("\"flags\": 1,", "\"flags\": [1],")]
    [InlineData("\"process\": {", "\"process\": 5, \"x\": {")]
    [InlineData("\"tags\": [", "\"tags\": [5, \"text\", [], null,")]
    [InlineData("\"logs\": [", "\"logs\": [7, { \"fields\": 3 },")]
    [InlineData("\"references\": [", "\"references\": [true,")]
    public void A_document_another_writer_gave_a_field_of_another_shape_reads_the_rest(string field, string replacement)
    {
        var read = JaegerSpanDocument.Read(JsonDocument.Parse(JaegerDocument.Replace(field, replacement)).RootElement);

        var span = read.ScopeSpans[0].Spans[0];
        Assert.Equal(("GET /dispatch", "5b8efff798038103d269b633813fc60c", "eee19b7ec3c1b173"), (span.Name, JaegerSpanDocument.Hex(span.TraceId), JaegerSpanDocument.Hex(span.ParentSpanId)));
    }

    [Theory]
    [InlineData("""\ud800""", "\uFFFD")]
    [InlineData("""a\udc00b\ud800""", "a\uFFFDb\uFFFD")]
    [InlineData("""\ude00\ud83d""", "\uFFFD\uFFFD")]
    [InlineData("""\ud800 \"quoted\" \\ \/ \b\f\n\r\t \ud83d\ude00 \u00e9 é""", "\uFFFD \"quoted\" \\ / \b\f\n\r\t \ud83d\ude00 é é")]
    public void A_stored_string_with_half_a_surrogate_pair_keeps_every_other_character(string escaped, string expected)
    {
        using var json = JsonDocument.Parse($"\"{escaped}\"");

        Assert.Equal(expected, StoredText.Of(json.RootElement));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("//8=")]
    [InlineData("")]
    public void A_document_whose_otlp_copy_is_damaged_reads_from_jaegers_fields(string otlp)
    {
        var ours = JsonNode.Parse(Document(DispatchSpan()))!.AsObject();
        ours["otlp"] = otlp;

        Assert.Equal(DispatchSpan(), JaegerSpanDocument.Read(JsonDocument.Parse(ours.ToJsonString()).RootElement));
    }

    private static string Document(ResourceSpans resourceSpans) =>
        System.Text.Encoding.UTF8.GetString(JaegerSpanDocument.ToUtf8("default", resourceSpans, resourceSpans.ScopeSpans[0], resourceSpans.ScopeSpans[0].Spans[0]));

    /// <summary>The OTLP span <see cref="JaegerDocument"/> stores: one Jaeger can represent entirely.</summary>
    private static ResourceSpans DispatchSpan()
    {
        var span = new Span
        {
            TraceId = ByteString.CopyFrom(Convert.FromHexString("5b8efff798038103d269b633813fc60c")),
            SpanId = ByteString.CopyFrom(Convert.FromHexString("eee19b7ec3c1b174")),
            ParentSpanId = ByteString.CopyFrom(Convert.FromHexString("eee19b7ec3c1b173")),
            Flags = 1,
            Name = "GET /dispatch",
            Kind = Span.Types.SpanKind.Server,
            StartTimeUnixNano = StartNanos,
            EndTimeUnixNano = StartNanos + 1_500_000,
            Attributes = { Otlp.Attr("http.method", "GET"), Otlp.Attr("http.status_code", 200), Otlp.Attr("sampler.param", true), Otlp.Attr("ratio", 0.5) },
            Status = new Status { Code = Status.Types.StatusCode.Error, Message = "timed out" },
            Events = { new Span.Types.Event { Name = "cache miss", TimeUnixNano = StartNanos + 100_000, Attributes = { Otlp.Attr("cache.key", "driver:42") } } },
        };
        return new ResourceSpans
        {
            Resource = new Resource { Attributes = { Otlp.Attr("service.name", "frontend"), Otlp.Attr("hostname", "node-1") } },
            ScopeSpans = { new ScopeSpans { Scope = new InstrumentationScope { Name = "dispatch.http", Version = "1.2.0" }, Spans = { span } } },
        };
    }
}
