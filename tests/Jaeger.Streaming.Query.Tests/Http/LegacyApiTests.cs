using System.Net;
using System.Text.Json.Nodes;
using static Jaeger.Streaming.Query.Tests.Http.SeededTraces;

namespace Jaeger.Streaming.Query.Tests.Http;

/// <summary>The legacy Jaeger UI API over HTTP against the embedded store.</summary>
public sealed class LegacyApiTests(QueryServer server) : IClassFixture<QueryServer>
{
    private static readonly string Window = $"start={Micros(T0.AddMinutes(-1))}&end={Micros(T0.AddMinutes(5))}";

    private SeededTraces Traces => server.Traces;

    [Fact]
    public async Task Trace_by_id_has_spans_with_jaeger_ids_times_and_references()
    {
        var (status, body) = await server.GetJsonAsync($"/api/traces/{Traces.Checkout}");

        Assert.Equal(HttpStatusCode.OK, status);
        var trace = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal(Traces.Checkout.ToString(), (string?)trace["traceID"]);
        var select = Span(trace, "SELECT");
        Assert.Equal(Hex(Traces.SelectSpan.SpanId), (string?)select["spanID"]);
        Assert.Equal(Micros(T0.AddMilliseconds(1)), (long?)select["startTime"]);
        Assert.Equal(4000L, (long?)select["duration"]);
        Assert.Equal(1, (int?)select["flags"]);
        Assert.Equal(
            [("CHILD_OF", Traces.Checkout.ToString(), Hex(Traces.CartSpan.SpanId)), ("FOLLOWS_FROM", Traces.Home.ToString(), Hex(Traces.HomeSpan.SpanId))],
            select["references"]!.AsArray().Select(r => ((string?)r!["refType"], (string?)r["traceID"], (string?)r["spanID"])));
    }

    [Fact]
    public async Task Tags_carry_jaeger_types_with_numbers_as_json_numbers()
    {
        var (_, body) = await server.GetJsonAsync($"/api/traces/{Traces.Checkout}");

        var tags = Span(body["data"]![0]!, "SELECT")["tags"]!.AsArray();
        Assert.Equal(("string", "postgresql"), TypedValue<string>(tags, "db.system"));
        Assert.Equal(("int64", 42L), TypedValue<long>(tags, "db.rows"));
        Assert.Equal(("float64", 72.5), TypedValue<double>(tags, "db.cost"));
        Assert.Equal(("bool", true), TypedValue<bool>(tags, "db.cached"));
        Assert.Equal(("binary", "AQID"), TypedValue<string>(tags, "db.key"));
    }

    [Fact]
    public async Task Otlp_only_fields_become_the_tags_jaeger_uses()
    {
        var (_, body) = await server.GetJsonAsync($"/api/traces/{Traces.Checkout}");

        var tags = Span(body["data"]![0]!, "SELECT")["tags"]!.AsArray();
        Assert.Equal(("string", "client"), TypedValue<string>(tags, "span.kind"));
        Assert.Equal(("string", "ERROR"), TypedValue<string>(tags, "otel.status_code"));
        Assert.Equal(("bool", true), TypedValue<bool>(tags, "error"));
        Assert.Equal(("string", "timeout"), TypedValue<string>(tags, "otel.status_description"));
        Assert.Equal(("string", "test-scope"), TypedValue<string>(tags, "otel.scope.name"));
        Assert.Equal(("string", "1.0.0"), TypedValue<string>(tags, "otel.scope.version"));
    }

    [Fact]
    public async Task Events_become_logs_with_the_event_name_as_a_field()
    {
        var (_, body) = await server.GetJsonAsync($"/api/traces/{Traces.Checkout}");

        var log = Assert.Single(Span(body["data"]![0]!, "SELECT")["logs"]!.AsArray())!;
        Assert.Equal(Micros(T0.AddMilliseconds(2)), (long?)log["timestamp"]);
        var fields = log["fields"]!.AsArray();
        Assert.Equal(("string", "cache miss"), TypedValue<string>(fields, "event"));
        Assert.Equal(("string", "cart:7"), TypedValue<string>(fields, "cache.key"));
    }

    [Fact]
    public async Task Each_resource_is_a_process_referenced_by_its_spans()
    {
        var (_, body) = await server.GetJsonAsync($"/api/traces/{Traces.Checkout}");

        var trace = body["data"]![0]!;
        var process = trace["processes"]![(string)Span(trace, "SELECT")["processID"]!]!;
        Assert.Equal("db", (string?)process["serviceName"]);
        Assert.Equal(("string", "db-1"), TypedValue<string>(process["tags"]!.AsArray(), "host.name"));
        Assert.Equal(2, trace["processes"]!.AsObject().Count);
    }

    [Fact]
    public async Task Unknown_trace_id_is_404_with_errors()
    {
        var (status, body) = await server.GetJsonAsync("/api/traces/0123456789abcdef0123456789abcdef");

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Equal(404, (int?)body["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Malformed_trace_id_is_400_with_errors()
    {
        var (status, body) = await server.GetJsonAsync("/api/traces/zz");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Equal(400, (int?)body["errors"]![0]!["code"]);
    }

    [Fact]
    public async Task Search_answers_the_envelope_with_the_default_limit_of_20()
    {
        var (status, body) = await server.GetJsonAsync($"/api/traces?service=frontend&{Window}");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(2, (int?)body["total"]);
        Assert.Equal(20, (int?)body["limit"]);
        Assert.Equal(0, (int?)body["offset"]);
        Assert.Null(body["errors"]);
    }

    [Fact]
    public async Task Search_limit_keeps_the_newest_traces()
    {
        var (_, body) = await server.GetJsonAsync($"/api/traces?service=frontend&{Window}&limit=1");

        Assert.Equal(Traces.Home.ToString(), (string?)Assert.Single(body["data"]!.AsArray())!["traceID"]);
    }

    [Fact]
    public async Task Search_looks_back_from_end_when_start_is_absent()
    {
        var (_, body) = await server.GetJsonAsync($"/api/traces?service=frontend&end={Micros(T0.AddSeconds(90))}&lookback=1m");

        Assert.Equal(Traces.Home.ToString(), (string?)Assert.Single(body["data"]!.AsArray())!["traceID"]);
    }

    [Fact]
    public async Task Search_matches_tags_given_as_a_json_map_and_durations()
    {
        var tags = Uri.EscapeDataString("""{"db.cached":"true"}""");

        var (_, body) = await server.GetJsonAsync($"/api/traces?{Window}&tags={tags}&minDuration=4ms&maxDuration=4ms");

        Assert.Equal(Traces.Checkout.ToString(), (string?)Assert.Single(body["data"]!.AsArray())!["traceID"]);
    }

    [Theory]
    [InlineData("tags", "not-json")]
    [InlineData("tags", "%7B%22a%22%3A%22%5Cud800%22%7D")]
    [InlineData("tags", "%7B%22%5Cudc00%22%3A%22a%22%7D")]
    [InlineData("minDuration", "4")]
    [InlineData("start", "yesterday")]
    [InlineData("limit", "-1")]
    [InlineData("lookback", "99999999d")]
    [InlineData("lookback", "9999999w")]
    public async Task Search_with_a_bad_parameter_is_400_naming_it(string parameter, string value)
    {
        var (status, body) = await server.GetJsonAsync($"/api/traces?service=frontend&{parameter}={value}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.StartsWith($"{parameter}:", (string?)body["errors"]![0]!["msg"]);
    }

    [Fact]
    public async Task Services_are_listed_in_the_envelope()
    {
        var (_, body) = await server.GetJsonAsync("/api/services");

        Assert.Equal(["billing", "db", "frontend"], body["data"]!.AsArray().Select(s => (string?)s).Order());
        Assert.Equal(3, (int?)body["total"]);
    }

    [Fact]
    public async Task Service_operations_are_span_names()
    {
        var (_, body) = await server.GetJsonAsync("/api/services/frontend/operations");

        Assert.Equal(["GET /cart", "GET /home"], body["data"]!.AsArray().Select(s => (string?)s));
    }

    [Fact]
    public async Task Operations_carry_name_and_span_kind_filtered_by_kind()
    {
        var (_, body) = await server.GetJsonAsync("/api/operations?service=db&spanKind=client");

        var operation = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal(("SELECT", "client"), ((string?)operation["name"], (string?)operation["spanKind"]));
    }

    [Fact]
    public async Task Dependencies_link_parent_and_child_services_with_call_and_error_counts()
    {
        var (status, body) = await server.GetJsonAsync($"/api/dependencies?endTs={Micros(T0.AddMinutes(5)) / 1000}&lookback=3600000");

        Assert.Equal(HttpStatusCode.OK, status);
        var link = Assert.Single(body["data"]!.AsArray())!;
        Assert.Equal(("frontend", "db", 1, 1), ((string?)link["parent"], (string?)link["child"], (int?)link["callCount"], (int?)link["errorCount"]));
        Assert.Equal(1, (int?)body["total"]);
    }

    [Fact]
    public async Task Dependencies_count_only_child_spans_inside_the_look_back()
    {
        // The db span starts 1 ms after T0: a window ending at T0 holds only its parent.
        var (status, body) = await server.GetJsonAsync($"/api/dependencies?endTs={Micros(T0) / 1000}&lookback=3600000");

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Empty(body["data"]!.AsArray());
    }

    [Theory]
    [InlineData("lookback=-1")]
    [InlineData("lookback=0")]
    [InlineData("endTs=-5")]
    [InlineData("endTs=soon")]
    public async Task Dependencies_with_a_bad_window_is_a_400_naming_the_parameter(string parameter)
    {
        var (status, body) = await server.GetJsonAsync($"/api/dependencies?{parameter}");

        Assert.Equal(HttpStatusCode.BadRequest, status);
        Assert.Contains(parameter.Split('=')[0], (string?)body["errors"]![0]!["msg"], StringComparison.Ordinal);
    }

    private static JsonNode Span(JsonNode trace, string operationName) =>
        trace["spans"]!.AsArray().Single(s => (string?)s!["operationName"] == operationName)!;

    private static (string? Type, T? Value) TypedValue<T>(JsonArray tags, string key)
    {
        var tag = tags.Single(t => (string?)t!["key"] == key)!;
        return ((string?)tag["type"], tag["value"]!.GetValue<T>());
    }
}
