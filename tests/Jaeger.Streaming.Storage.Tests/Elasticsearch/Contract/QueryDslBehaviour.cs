using System.Text.Json.Nodes;
using Jaeger.Streaming.Query.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

/// <summary>The exact query DSL of every §4 search condition: term matches only, the scope inside the query.</summary>
public sealed class QueryDslBehaviour
{
    private static readonly DateTimeOffset Min = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Max = Min.AddHours(1);

    private const string DefaultTenant =
        """{"bool":{"should":[{"term":{"tenant":{"value":"default"}}},{"bool":{"must_not":[{"exists":{"field":"tenant"}}]}}],"minimum_should_match":1}}""";

    [Fact]
    public void Search_by_time_service_operation_and_duration_filters_with_terms_and_ranges_and_ranks_traces_by_newest_span()
    {
        var query = new TraceQuery
        {
            StartTimeMin = Min,
            StartTimeMax = Max,
            ServiceName = "cart",
            OperationName = "GET /cart",
            DurationMin = TimeSpan.FromTicks(15),
            DurationMax = TimeSpan.FromMilliseconds(2),
        };

        AssertJson(
            "{\"size\":0,\"query\":{\"bool\":{\"filter\":[" + DefaultTenant + "," +
            """{"range":{"startTime":{"gte":1795428000000000,"lte":1795431600000000}}},""" +
            """{"term":{"process.serviceName":{"value":"cart"}}},""" +
            """{"term":{"operationName":{"value":"GET /cart"}}},""" +
            """{"range":{"duration":{"gte":2,"lte":2000}}}]}},""" +
            """ "aggs":{"traces":{"terms":{"field":"traceID","size":20,"order":[{"newest":"desc"},{"_key":"asc"}]},""" +
            """ "aggs":{"newest":{"max":{"field":"startTime"}}}}}}""",
            SpanQueries.FindTraceIds(ReadScope.Default, query, 20));
    }

    [Fact]
    public void An_attribute_is_a_term_pair_in_any_tag_list_or_in_jaegers_tag_fields()
    {
        AssertJson(
            """{"bool":{"should":[""" +
            """{"nested":{"path":"tags","query":{"bool":{"filter":[{"term":{"tags.key":{"value":"http.route"}}},{"term":{"tags.value":{"value":"/cart.*"}}}]}}}},""" +
            """{"nested":{"path":"process.tags","query":{"bool":{"filter":[{"term":{"process.tags.key":{"value":"http.route"}}},{"term":{"process.tags.value":{"value":"/cart.*"}}}]}}}},""" +
            """{"nested":{"path":"linkTags","query":{"bool":{"filter":[{"term":{"linkTags.key":{"value":"http.route"}}},{"term":{"linkTags.value":{"value":"/cart.*"}}}]}}}},""" +
            """{"nested":{"path":"logs","query":{"nested":{"path":"logs.fields","query":{"bool":{"filter":[{"term":{"logs.fields.key":{"value":"http.route"}}},{"term":{"logs.fields.value":{"value":"/cart.*"}}}]}}}}}},""" +
            """{"term":{"tag.http@route":{"value":"/cart.*"}}},""" +
            """{"term":{"process.tag.http@route":{"value":"/cart.*"}}}""" +
            """],"minimum_should_match":1}}""",
            SpanQueries.Attribute("http.route", "/cart.*"));
    }

    [Fact]
    public void Each_attribute_is_its_own_condition_on_the_same_span()
    {
        var query = new TraceQuery { StartTimeMin = Min, StartTimeMax = Max, Attributes = new Dictionary<string, string> { ["b"] = "2", ["a"] = "1" } };

        var filters = SpanQueries.FindTraceIds(ReadScope.Default, query, 5)["query"]!["bool"]!["filter"]!.AsArray();

        Assert.Equal(4, filters.Count);
        Assert.True(JsonNode.DeepEquals(SpanQueries.Attribute("a", "1"), filters[2]));
        Assert.True(JsonNode.DeepEquals(SpanQueries.Attribute("b", "2"), filters[3]));
    }

    [Fact]
    public void Another_tenant_reads_only_documents_marked_with_it()
    {
        AssertJson("""{"term":{"tenant":{"value":"acme"}}}""", SpanQueries.Tenant("acme"));
    }

    [Fact]
    public void Permitted_services_are_exact_terms_or_wildcards_with_everything_but_the_star_escaped()
    {
        var scope = ReadScope.ServicesOf("acme", [ServicePattern.Parse("cart"), ServicePattern.Parse("pay?*\\x")]);

        AssertJson(
            """{"bool":{"should":[{"term":{"process.serviceName":{"value":"cart"}}},{"wildcard":{"process.serviceName":{"value":"pay\\?*\\\\x"}}}],"minimum_should_match":1}}""",
            SpanQueries.Services(scope, "process.serviceName")!);
    }

    [Fact]
    public void A_scope_permitting_no_service_matches_nothing()
    {
        AssertJson("""{"match_none":{}}""", SpanQueries.Services(ReadScope.ServicesOf("acme", []), "serviceName")!);
    }

    [Fact]
    public void Trace_spans_are_post_filtered_to_permitted_services_and_the_withheld_ones_only_counted()
    {
        var scope = ReadScope.ServicesOf("acme", [ServicePattern.Parse("cart")]);
        Assert.True(Jaeger.Streaming.Schemas.TraceId.TryParse("0000000000000000d269b633813fc60c", out var id));

        AssertJson(
            """{"size":100,"query":{"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},{"terms":{"traceID":["0000000000000000d269b633813fc60c","d269b633813fc60c"]}}]}},""" +
            """ "sort":[{"startTime":{"order":"asc"}},{"traceID":{"order":"asc"}},{"spanID":{"order":"asc"}}],""" +
            """ "post_filter":{"bool":{"should":[{"term":{"process.serviceName":{"value":"cart"}}}],"minimum_should_match":1}},""" +
            """ "aggs":{"withheld":{"filter":{"bool":{"must_not":[{"bool":{"should":[{"term":{"process.serviceName":{"value":"cart"}}}],"minimum_should_match":1}}]}},""" +
            """ "aggs":{"traces":{"terms":{"field":"traceID","size":2}}}}}}""",
            SpanQueries.TraceSpans(scope, [id.Value], 100, null));
    }

    [Fact]
    public void Operations_of_a_service_filter_on_kind_and_group_by_name_then_kind()
    {
        AssertJson(
            """{"size":0,"query":{"bool":{"filter":[{"term":{"tenant":{"value":"acme"}}},{"term":{"serviceName":{"value":"cart"}}},{"term":{"spanKind":{"value":"client"}}}]}},""" +
            """ "aggs":{"operations":{"terms":{"field":"operationName","size":10000},"aggs":{"kinds":{"terms":{"field":"spanKind","size":10,"missing":""}}}}}}""",
            SpanQueries.Operations(ReadScope.AllServicesOf("acme"), "cart", "client"));
    }

    private static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), actual.ToJsonString());
}
