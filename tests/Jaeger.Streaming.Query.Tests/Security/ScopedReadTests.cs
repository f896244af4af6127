using System.Net;
using System.Text.Json.Nodes;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>
/// What a caller with some services permitted sees: listings of its services only, and traces that touch forbidden
/// services with those spans withheld and counted (header <c>X-Withheld-Spans</c>, v3 <c>withheldSpans</c>, a Jaeger
/// UI trace warning); a trace with no permitted span is 404, exactly like an absent one.
/// </summary>
public sealed class ScopedReadTests(SecuredQuery query) : IClassFixture<SecuredQuery>
{
    [Fact]
    public async Task Services_listing_shows_only_the_permitted_services()
    {
        var (status, body, response) = await query.Host.GetAsync("/api/v3/services", query.TokenOf("checkout"));
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(["checkout", "checkout-db"], JsonNode.Parse(body)!["services"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task V3_trace_by_id_returns_the_permitted_spans_and_counts_the_withheld_ones()
    {
        var (status, body, response) = await query.Host.GetAsync($"/api/v3/traces/{query.Traces.Mixed}", query.TokenOf("checkout"));
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("1", response.Headers.GetValues("X-Withheld-Spans").Single());
        }

        var json = JsonNode.Parse(body)!;
        var spans = json["result"]!["resourceSpans"]!.AsArray().SelectMany(r => r!["scopeSpans"]!.AsArray().SelectMany(s => s!["spans"]!.AsArray())).ToList();
        Assert.Equal(["GET /cart", "SELECT"], spans.Select(s => (string)s!["name"]!).Order(StringComparer.Ordinal));
        Assert.Equal(1, (int)json["withheldSpans"]!);
    }

    [Fact]
    public async Task Legacy_trace_by_id_warns_in_the_trace_that_spans_were_withheld()
    {
        var (status, body, response) = await query.Host.GetAsync($"/api/traces/{query.Traces.Mixed}", query.TokenOf("payments"));
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
        var trace = JsonNode.Parse(body)!["data"]![0]!;
        Assert.Equal(["charge"], trace["spans"]!.AsArray().Select(s => (string)s!["operationName"]!));
        Assert.StartsWith("2 span(s) of this trace are withheld", (string)trace["warnings"]![0]!, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Whole_trace_has_no_withheld_marker()
    {
        var (status, body, response) = await query.Host.GetAsync($"/api/v3/traces/{query.Traces.Mixed}", query.TokenOf("admin"));
        using (response)
        {
            Assert.Equal(HttpStatusCode.OK, status);
            Assert.False(response.Headers.Contains("X-Withheld-Spans"));
        }

        Assert.Null(JsonNode.Parse(body)!["withheldSpans"]);
    }

    [Fact]
    public async Task Trace_with_no_permitted_span_is_404_like_an_absent_trace()
    {
        var (forbidden, forbiddenBody, r1) = await query.Host.GetAsync($"/api/v3/traces/{query.Traces.PaymentsOnly}", query.TokenOf("checkout"));
        var (absent, absentBody, r2) = await query.Host.GetAsync("/api/v3/traces/0123456789abcdef0123456789abcdef", query.TokenOf("checkout"));
        r1.Dispose();
        r2.Dispose();

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.NotFound), (forbidden, absent));
        Assert.Equal(
            absentBody.Replace("0123456789abcdef0123456789abcdef", "ID", StringComparison.Ordinal),
            forbiddenBody.Replace(query.Traces.PaymentsOnly.ToString(), "ID", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Search_for_a_forbidden_service_is_403_naming_it()
    {
        var (status, body, response) = await query.Host.GetAsync(query.Traces.Expand("/api/v3/traces?query.serviceName=payments&{v3window}"), query.TokenOf("checkout"));
        response.Dispose();

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("service 'payments' is not permitted in tenant 'acme'", (string)JsonNode.Parse(body)!["error"]!["message"]!);
    }

    [Fact]
    public async Task Caller_whose_roles_grant_nothing_is_refused_everywhere_with_403()
    {
        var (status, body, response) = await query.Host.GetAsync("/api/services", query.TokenOf("nobody"));
        response.Dispose();

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("no role of 'nick' grants any service in tenant 'acme'", (string)JsonNode.Parse(body)!["errors"]![0]!["msg"]!);
    }
}
