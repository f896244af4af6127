using System.Net;
using System.Text.Json.Nodes;
using static Jaeger.Streaming.Query.Tests.Http.SeededTraces;

namespace Jaeger.Streaming.Query.Tests.Http;

/// <summary>Jaeger API v3 over HTTP against the embedded store.</summary>
public sealed class ApiV3Tests(QueryServer server) : IClassFixture<QueryServer>
{
    private static readonly string Window = $"query.startTimeMin={Rfc3339(T0.AddMinutes(-1))}&query.startTimeMax={Rfc3339(T0.AddMinutes(5))}";

    private SeededTraces Traces => server.Traces;

    [Fact]
    public async Task Trace_by_id_answers_otlp_json_with_hex_ids_and_integer_enums()
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/traces/{Traces.Checkout}");

        Assert.Equal(HttpStatusCode.OK, status);
        var spans = Spans(body);
        var select = Assert.Single(spans, s => (string?)s["name"] == "SELECT");
        Assert.Equal(Traces.Checkout.ToString(), (string?)select["traceId"]);
        Assert.Equal(Hex(Traces.SelectSpan.SpanId), (string?)select["spanId"]);
        Assert.Equal(Hex(Traces.CartSpan.SpanId), (string?)select["parentSpanId"]);
        Assert.Equal(3, (int?)select["kind"]);
        Assert.Equal(2, (int?)select["status"]!["code"]);
        Assert.Equal(2, spans.Count);
    }

    [Fact]
    public async Task Unknown_trace_id_is_404_with_a_json_error()
    {
        var (status, body) = await server.GetJsonAsync("/api/v3/traces/0123456789abcdef0123456789abcdef");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, (int?)body["error"]!["httpCode"]);
    }

    [Theory]
    [InlineData("not-hex")]
    [InlineData("0123456789abcdef0123456789abcdef00")]
    [InlineData("00000000000000000000000000000000")]
    public async Task Malformed_trace_id_is_400_naming_the_parameter(string traceId)
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/traces/{traceId}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("traceId:", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task Malformed_trace_window_is_400_naming_the_parameter()
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/traces/{Traces.Checkout}?start_time=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("start_time:", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task Search_without_start_time_min_is_400_naming_it()
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/traces?query.serviceName=frontend&query.startTimeMax={Rfc3339(T0)}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("query.startTimeMin:", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task Search_with_a_time_that_is_not_rfc3339_is_400_naming_it()
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/traces?query.startTimeMin={Rfc3339(T0)}&query.startTimeMax=1740823200");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("query.startTimeMax:", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task Search_merges_every_matching_trace_into_one_traces_data()
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/traces?query.serviceName=frontend&{Window}");

        Assert.Equal(HttpStatusCode.OK, status);
        var traceIds = Spans(body).Select(s => (string?)s["traceId"]).Distinct().Order();
        Assert.Equal(new[] { Traces.Checkout.ToString(), Traces.Home.ToString() }.Order(), traceIds);
    }

    [Fact]
    public async Task Search_returns_whole_traces_including_spans_of_other_services()
    {
        var (_, body) = await server.GetJsonAsync($"/api/v3/traces?query.serviceName=db&{Window}");

        Assert.Equal(2, Spans(body).Count);
    }

    [Fact]
    public async Task Search_accepts_snake_case_parameter_names()
    {
        var query = $"query.service_name=frontend&query.operation_name=GET%20%2Fhome&query.start_time_min={Rfc3339(T0.AddMinutes(-1))}"
            + $"&query.start_time_max={Rfc3339(T0.AddMinutes(5))}&query.duration_min=1ms&query.duration_max=3ms&query.search_depth=5&query.raw_traces=true";

        var (status, body) = await server.GetJsonAsync($"/api/v3/traces?{query}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(Traces.Home.ToString(), (string?)Assert.Single(Spans(body))["traceId"]);
    }

    [Fact]
    public async Task Search_bounds_duration_inclusively_with_fractional_and_microsecond_go_durations()
    {
        var (_, body) = await server.GetJsonAsync($"/api/v3/traces?{Window}&query.durationMin=1.5ms&query.durationMax=1500us");

        Assert.Equal(Traces.Charge.ToString(), (string?)Assert.Single(Spans(body))["traceId"]);
    }

    [Fact]
    public async Task Search_with_a_duration_that_is_not_a_go_duration_is_400_naming_it()
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/traces?{Window}&query.durationMin=5");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("query.durationMin:", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task Search_matches_attributes_given_as_a_json_map()
    {
        var attributes = Uri.EscapeDataString("""{"db.rows":"42","host.name":"db-1"}""");

        var (_, body) = await server.GetJsonAsync($"/api/v3/traces?{Window}&query.attributes={attributes}");

        Assert.Equal([Traces.Checkout.ToString()], Spans(body).Select(s => (string?)s["traceId"]).Distinct());
    }

    [Theory]
    [InlineData("""["db.rows","42"]""")]
    [InlineData("""{"db.rows":42}""")]
    [InlineData("db.rows=42")]
    [InlineData("""{"db.rows":"\ud800"}""")]
    [InlineData("""{"db\udc00":"42"}""")]
    public async Task Attributes_that_are_not_a_json_object_of_strings_are_400(string attributes)
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/traces?{Window}&query.attributes={Uri.EscapeDataString(attributes)}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("query.attributes:", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task Search_depth_limits_the_traces_to_the_newest()
    {
        var (_, body) = await server.GetJsonAsync($"/api/v3/traces?query.serviceName=frontend&{Window}&query.searchDepth=1");

        Assert.Equal(Traces.Home.ToString(), (string?)Assert.Single(Spans(body))["traceId"]);
    }

    [Fact]
    public async Task Search_depth_of_zero_is_400()
    {
        var (status, _) = await server.GetJsonAsync($"/api/v3/traces?{Window}&query.searchDepth=0");

        Assert.Equal(HttpStatusCode.BadRequest, status);
    }

    [Fact]
    public async Task Search_that_matches_nothing_is_404_with_a_json_error()
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/traces?query.serviceName=nobody&{Window}");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, (int?)body["error"]!["httpCode"]);
    }

    [Fact]
    public async Task Services_lists_every_service_written()
    {
        var (_, body) = await server.GetJsonAsync("/api/v3/services");

        Assert.Equal(["billing", "db", "frontend"], body["services"]!.AsArray().Select(s => (string?)s).Order());
    }

    [Fact]
    public async Task Operations_name_their_span_kind_in_lowercase()
    {
        var (_, body) = await server.GetJsonAsync("/api/v3/operations?service=billing");

        var operation = Assert.Single(body["operations"]!.AsArray())!;
        Assert.Equal("charge", (string?)operation["name"]);
        Assert.Equal("producer", (string?)operation["spanKind"]);
    }

    [Fact]
    public async Task Operations_filter_by_span_kind()
    {
        var (_, body) = await server.GetJsonAsync("/api/v3/operations?service=frontend&spanKind=client");

        Assert.Empty(body["operations"]!.AsArray());
    }

    [Fact]
    public async Task Operations_with_an_unknown_span_kind_are_400()
    {
        var (status, body) = await server.GetJsonAsync("/api/v3/operations?service=frontend&spanKind=SPAN_KIND_BOGUS");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("spanKind:", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task Operations_without_a_service_are_400()
    {
        var (status, body) = await server.GetJsonAsync("/api/v3/operations");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("service:", (string?)body["error"]!["message"]);
    }

    [Fact]
    public async Task Trace_summaries_describe_root_span_counts_and_services()
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/trace-summaries?query.serviceName=db&{Window}");

        Assert.Equal(HttpStatusCode.OK, status);
        var summary = Assert.Single(body["summaries"]!.AsArray())!;
        Assert.Equal(Traces.Checkout.ToString(), (string?)summary["traceId"]);
        Assert.Equal("frontend", (string?)summary["rootServiceName"]);
        Assert.Equal("GET /cart", (string?)summary["rootSpanName"]);
        Assert.Equal("2025-03-01T10:00:00Z", (string?)summary["startTime"]);
        Assert.Equal("0.010s", (string?)summary["duration"]);
        Assert.Equal(2, (int?)summary["spanCount"]);
        Assert.Equal(1, (int?)summary["errorCount"]);
        Assert.Equal(["db", "frontend"], summary["services"]!.AsArray().Select(s => (string?)s));
    }

    [Fact]
    public async Task Trace_summaries_that_match_nothing_are_an_empty_list()
    {
        var (status, body) = await server.GetJsonAsync($"/api/v3/trace-summaries?query.serviceName=nobody&{Window}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body["summaries"]!.AsArray());
    }

    [Fact]
    public async Task Trace_summaries_validate_parameters_like_search()
    {
        var (status, body) = await server.GetJsonAsync("/api/v3/trace-summaries?query.serviceName=db");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith("query.startTimeMin:", (string?)body["error"]!["message"]);
    }

    private static List<JsonNode> Spans(JsonNode body) =>
        [.. body["result"]!["resourceSpans"]!.AsArray()
            .SelectMany(r => r!["scopeSpans"]!.AsArray())
            .SelectMany(s => s!["spans"]!.AsArray())
            .Select(s => s!)];
}
