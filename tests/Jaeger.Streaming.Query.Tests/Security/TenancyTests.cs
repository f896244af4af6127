using System.Net;
using System.Text.Json.Nodes;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>
/// Tenants acme and globex both have a service called checkout. A caller reads only the tenant its token names, through
/// every route; headers a client controls cannot choose another tenant.
/// </summary>
public sealed class TenancyTests(SecuredQuery query) : IClassFixture<SecuredQuery>
{
    private static readonly Dictionary<string, string>[] TenantHeaders =
    [
        new() { ["x-tenant"] = "globex" },
        new() { ["X-Scope-OrgID"] = "globex" },
        new() { ["x-tenant"] = "globex", ["X-Scope-OrgID"] = "globex", ["tenant"] = "globex" },
    ];

    public static TheoryData<string> Routes() =>
    [
        "/api/v3/services",
        "/api/v3/operations?service=checkout",
        "/api/v3/traces?query.serviceName=checkout&{v3window}",
        "/api/v3/trace-summaries?query.serviceName=checkout&{v3window}",
        "/api/v3/traces/{globex}",
        "/api/v3/traces/{checkout}",
        "/api/services",
        "/api/services/checkout/operations",
        "/api/operations?service=checkout",
        "/api/traces?service=checkout&{window}",
        "/api/traces/{globex}",
        "/api/traces/{checkout}",
        "/api/traces?traceID={globex}&traceID={checkout}",
        "/api/dependencies?{deps}",
    ];

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Each_tenants_user_sees_only_its_own_spans(string route)
    {
        var path = query.Traces.Expand(route);

        var acme = await SpanServicesAsync(path, query.TokenOf("acme-viewer"));
        var globex = await SpanServicesAsync(path, query.TokenOf("globex-viewer"));

        Assert.DoesNotContain(acme, s => s.StartsWith("globex:", StringComparison.Ordinal));
        Assert.All(globex, s => Assert.StartsWith("globex:", s, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Services_listing_is_each_tenants_own()
    {
        var (_, acme, r1) = await query.Host.GetAsync("/api/services", query.TokenOf("acme-viewer"));
        var (_, globex, r2) = await query.Host.GetAsync("/api/services", query.TokenOf("globex-viewer"));
        r1.Dispose();
        r2.Dispose();

        Assert.Equal(["checkout", "checkout-db", "payments"], JsonNode.Parse(acme)!["data"]!.AsArray().Select(s => (string)s!));
        Assert.Equal(["checkout"], JsonNode.Parse(globex)!["data"]!.AsArray().Select(s => (string)s!));
    }

    [Fact]
    public async Task Same_service_name_lists_each_tenants_own_operations()
    {
        var acme = await OperationsAsync(query.TokenOf("acme-viewer"));
        var globex = await OperationsAsync(query.TokenOf("globex-viewer"));

        Assert.Equal(["GET /cart", "GET /home"], acme);
        Assert.Equal(["GET /globex"], globex);
    }

    [Fact]
    public async Task Tenants_own_trace_is_found_and_the_other_tenants_is_404()
    {
        var (own, _, r1) = await query.Host.GetAsync($"/api/v3/traces/{query.Traces.Globex}", query.TokenOf("globex-viewer"));
        var (other, _, r2) = await query.Host.GetAsync($"/api/v3/traces/{query.Traces.Globex}", query.TokenOf("acme-viewer"));
        r1.Dispose();
        r2.Dispose();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (own, other));
    }

    [Fact]
    public async Task Tenant_headers_do_not_switch_an_acme_token_to_globex()
    {
        foreach (var headers in TenantHeaders)
        {
            var (status, body, response) = await query.Host.GetAsync($"/api/v3/traces/{query.Traces.Globex}", query.TokenOf("acme-viewer"), headers);
            response.Dispose();

            Assert.Equal(HttpStatusCode.NotFound, status);
            Assert.Empty(ReturnedSpans.Ids(body));
        }
    }

    [Fact]
    public async Task Tenant_header_without_a_token_gets_401()
    {
        foreach (var headers in TenantHeaders)
        {
            var (status, body, response) = await query.Host.GetAsync($"/api/v3/traces/{query.Traces.Globex}", headers: headers);
            response.Dispose();

            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Empty(ReturnedSpans.Ids(body));
        }
    }

    [Fact]
    public async Task Token_naming_a_tenant_off_the_allow_list_gets_403()
    {
        var token = query.Issuer.Token("mallory", ["viewer"], "initech");

        var (status, body, response) = await query.Host.GetAsync("/api/v3/services", token);
        response.Dispose();

        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("tenant 'initech' is not served here", (string)JsonNode.Parse(body)!["error"]!["message"]!);
    }

    [Fact]
    public async Task Role_granted_in_one_tenant_grants_nothing_in_another()
    {
        // checkout-team is granted in acme only; the same role with a globex token reads nothing.
        var token = query.Issuer.Token("gus", ["checkout-team"], "globex");

        var (status, _, response) = await query.Host.GetAsync("/api/v3/services", token);
        response.Dispose();

        Assert.Equal(HttpStatusCode.Forbidden, status);
    }

    private async Task<List<string>> SpanServicesAsync(string path, string token)
    {
        var (status, body, response) = await query.Host.GetAsync(path, token);
        response.Dispose();
        Assert.True(status is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{path} answered {status}: {body}");
        return [.. ReturnedSpans.Ids(body).Select(id => query.Traces.SpanServices[id])];
    }

    private async Task<List<string>> OperationsAsync(string token)
    {
        var (_, body, response) = await query.Host.GetAsync("/api/v3/operations?service=checkout", token);
        response.Dispose();
        return [.. JsonNode.Parse(body)!["operations"]!.AsArray().Select(o => (string)o!["name"]!).Order(StringComparer.Ordinal)];
    }
}
