using System.Net;
using System.Text;
using Jaeger.Streaming.Query.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

/// <summary>The query side against recorded search answers: which indices it asks, and how it reads what comes back.</summary>
public sealed class TraceReaderBehaviour
{
    private static readonly DateTimeOffset Min = new(2026, 11, 22, 23, 0, 0, TimeSpan.Zero);

    private readonly RecordedElasticsearch _es = new();
    private readonly ElasticsearchOptions _options = RecordedElasticsearch.Options();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Search_asks_only_the_daily_indices_of_its_time_range_and_returns_ids_in_ranked_order()
    {
        _es.Ok("""
            {"took":2,"hits":{"total":{"value":7,"relation":"eq"},"hits":[]},
             "aggregations":{"traces":{"buckets":[
               {"key":"5b8efff798038103d269b633813fc60c","doc_count":3,"newest":{"value":1795428000123456}},
               {"key":"0af7651916cd43dd8448eb211c80319c","doc_count":4,"newest":{"value":1795427000000000}}]}}}
            """);

        var ids = await Reader().FindTraceIdsAsync(ReadScope.Default, new TraceQuery { StartTimeMin = Min, StartTimeMax = Min.AddHours(2) }, Ct);

        Assert.Equal(["5b8efff798038103d269b633813fc60c", "0af7651916cd43dd8448eb211c80319c"], ids.Select(i => i.ToString()));
        Assert.Equal("/jaeger-span-2026-11-22,jaeger-span-2026-11-23/_search?ignore_unavailable=true&allow_no_indices=true", _es.Sent[0].PathAndQuery);
        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("jaeger-reader:reader-secret")), _es.Sent[0].Authorization);
    }

    [Fact]
    public async Task Search_depth_is_capped()
    {
        _es.Ok("""{"hits":{"hits":[]},"aggregations":{"traces":{"buckets":[]}}}""");
        var reader = new ElasticsearchTraceReader(_es.Client(_options, ElasticsearchRole.Reader), _options, new ElasticsearchReaderOptions { MaxSearchDepth = 50 });

        await reader.FindTraceIdsAsync(ReadScope.Default, new TraceQuery { StartTimeMin = Min, StartTimeMax = Min, SearchDepth = 100_000 }, Ct);

        Assert.Contains("\"size\":50", _es.Sent[0].Body);
    }

    [Fact]
    public async Task An_empty_index_finds_nothing()
    {
        _es.Ok("""{"took":0,"hits":{"total":{"value":0,"relation":"eq"},"hits":[]},"aggregations":{"traces":{"doc_count_error_upper_bound":0,"buckets":[]}}}""");

        Assert.Empty(await Reader().FindTracesAsync(ReadScope.Default, new TraceQuery { StartTimeMin = Min, StartTimeMax = Min.AddHours(1) }, Ct));
        Assert.Single(_es.Sent);
    }

    [Fact]
    public async Task A_trace_is_assembled_from_its_documents_with_the_withheld_count()
    {
        var trace = Otlp.NewTraceId();
        var cart = Otlp.ResourceSpans("cart", Otlp.Span(trace, "a", Min), Otlp.Span(trace, "b", Min.AddSeconds(1)));
        var hits = cart.ScopeSpans[0].Spans.Select((span, i) =>
            "{\"_index\":\"acme-jaeger-span-2026-11-22\",\"_id\":\"acme:" + i + "\",\"_source\":"
            + Encoding.UTF8.GetString(JaegerSpanDocument.ToUtf8("acme", cart, cart.ScopeSpans[0], span))
            + ",\"sort\":[" + JaegerSpanDocument.StartMicros(span) + ",\"" + trace.Id + "\",\"" + i + "\"]}");
        _es.Ok($$$"""
            {"hits":{"hits":[{{{string.Join(',', hits)}}}]},
             "aggregations":{"withheld":{"doc_count":3,"traces":{"buckets":[{"key":"{{{trace.Id}}}","doc_count":3}]} } } }
            """);
        _options.TenantIndices = true;

        var read = await Reader().GetTraceAsync(ReadScope.ServicesOf("acme", [ServicePattern.Parse("cart")]), trace.Id, null, Ct);

        Assert.Equal(new TracesData { ResourceSpans = { cart } }, read!.Trace);
        Assert.Equal(3, read.WithheldSpans);
        Assert.StartsWith("/acme-jaeger-span-*/_search", _es.Sent[0].PathAndQuery);
    }

    /// <summary>A span document another writer left without a start time, and with half a surrogate pair in its name, costs its trace nothing else.</summary>
    [Fact]
    public async Task A_document_without_a_start_time_or_with_text_no_string_can_hold_is_read_with_its_trace()
    {
        var trace = Otlp.NewTraceId();
        var cart = Otlp.ResourceSpans("cart", Otlp.Span(trace, "a", Min));
        var ours = Encoding.UTF8.GetString(JaegerSpanDocument.ToUtf8("default", cart, cart.ScopeSpans[0], cart.ScopeSpans[0].Spans[0]));
        var theirs = $$$"""{"traceID":"{{{trace.Id}}}","spanID":"00000000000000b2","operationName":"b\ud800","process":{"serviceName":"cart"}}""";
        _es.Ok($$$$"""
            {"hits":{"hits":[
              {"_index":"jaeger-span-2026-11-22","_id":"1","_source":{{{{ours}}}},"sort":[1,"{{{{trace.Id}}}}","1"]},
              {"_index":"jaeger-span-2026-11-22","_id":"2","_source":{{{{theirs}}}},"sort":[2,"{{{{trace.Id}}}}","2"]}]},
             "aggregations":{"withheld":{"doc_count":0,"traces":{"buckets":[]}}} }
            """);

        var read = await Reader().GetTraceAsync(ReadScope.Default, trace.Id, null, Ct);

        Assert.Equal(["a", "b\uFFFD"], read!.Trace.ResourceSpans.SelectMany(r => r.ScopeSpans).SelectMany(s => s.Spans).Select(s => s.Name));
    }

    [Fact]
    public async Task A_trace_with_no_document_is_absent()
    {
        _es.Ok("""{"hits":{"hits":[]},"aggregations":{"withheld":{"doc_count":0,"traces":{"buckets":[]}}}}""");

        Assert.Null(await Reader().GetTraceAsync(ReadScope.Default, Otlp.NewTraceId().Id, null, Ct));
    }

    [Fact]
    public async Task Services_are_read_from_the_service_indices_and_sorted_ordinally()
    {
        _es.Ok("""{"hits":{"hits":[]},"aggregations":{"services":{"buckets":[{"key":"zeta","doc_count":1},{"key":"Alpha","doc_count":2},{"key":"alpha","doc_count":2}]}}}""");

        Assert.Equal(["Alpha", "alpha", "zeta"], await Reader().GetServicesAsync(ReadScope.Default, Ct));
        Assert.StartsWith("/jaeger-service-*/_search", _es.Sent[0].PathAndQuery);
    }

    [Fact]
    public async Task Operations_read_their_kinds_and_jaegers_documents_without_one_are_unspecified()
    {
        _es.Ok("""
            {"aggregations":{"operations":{"buckets":[
              {"key":"GET /cart","doc_count":2,"kinds":{"buckets":[{"key":"server","doc_count":1},{"key":"client","doc_count":1}]}},
              {"key":"legacy","doc_count":1,"kinds":{"buckets":[{"key":"","doc_count":1}]}}]}}}
            """);

        var operations = await Reader().GetOperationsAsync(ReadScope.Default, "cart", null, Ct);

        Assert.Equal(
            [new Operation("GET /cart", Span.Types.SpanKind.Server), new Operation("GET /cart", Span.Types.SpanKind.Client), new Operation("legacy", Span.Types.SpanKind.Unspecified)],
            operations);
    }

    [Fact]
    public async Task A_forbidden_service_lists_no_operations_without_asking_elasticsearch()
    {
        Assert.Empty(await Reader().GetOperationsAsync(ReadScope.ServicesOf("acme", [ServicePattern.Parse("cart")]), "billing", null, Ct));
        Assert.Empty(_es.Sent);
    }

    [Fact]
    public async Task A_refused_search_says_which_indices_and_why()
    {
        _es.Answer(HttpStatusCode.BadRequest, """{"error":{"type":"search_phase_execution_exception","reason":"all shards failed"},"status":400}""");

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => Reader().GetServicesAsync(ReadScope.Default, Ct));

        Assert.Contains("jaeger-service-*", error.Message);
        Assert.Equal("search_phase_execution_exception", error.ErrorType);
    }

    private ElasticsearchTraceReader Reader() =>
        new(_es.Client(_options, ElasticsearchRole.Reader), _options, new ElasticsearchReaderOptions());
}
