using System.Net;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>
/// RBAC as a table: users × routes of both APIs → the expected status. Whatever the status, no response carries a
/// span of a service the user may not read or of the other tenant, and no successful one names such a service.
/// (A permitted span keeps its <c>parentSpanId</c> even when the parent is withheld: that id is the permitted span's own data.)
/// </summary>
public sealed class RbacMatrixTests(SecuredQuery query) : IClassFixture<SecuredQuery>
{
    // Columns: admin (jaeger-admin), checkout (checkout*), payments (payments), nobody (no granted role), ci-bot (static token, checkout*).
    private static readonly (string Route, string Path, int Admin, int Checkout, int Payments, int Nobody, int CiBot)[] Table =
    [
        ("v3 services", "/api/v3/services", 200, 200, 200, 403, 200),
        ("v3 operations of checkout", "/api/v3/operations?service=checkout", 200, 200, 403, 403, 200),
        ("v3 operations of payments", "/api/v3/operations?service=payments", 200, 403, 200, 403, 403),
        ("v3 search checkout", "/api/v3/traces?query.serviceName=checkout&{v3window}", 200, 200, 403, 403, 200),
        ("v3 search payments", "/api/v3/traces?query.serviceName=payments&{v3window}", 200, 403, 200, 403, 403),
        ("v3 search any service", "/api/v3/traces?{v3window}", 200, 200, 200, 403, 200),
        ("v3 summaries checkout", "/api/v3/trace-summaries?query.service_name=checkout&{v3window}", 200, 200, 403, 403, 200),
        ("v3 trace mixed", "/api/v3/traces/{mixed}", 200, 200, 200, 403, 200),
        ("v3 trace payments only", "/api/v3/traces/{payments}", 200, 404, 200, 403, 404),
        ("v3 trace checkout only", "/api/v3/traces/{checkout}", 200, 200, 404, 403, 200),
        ("v3 trace of the other tenant", "/api/v3/traces/{globex}", 404, 404, 404, 403, 404),
        ("legacy services", "/api/services", 200, 200, 200, 403, 200),
        ("legacy operations of checkout", "/api/services/checkout/operations", 200, 200, 403, 403, 200),
        ("legacy operations of payments", "/api/services/payments/operations", 200, 403, 200, 403, 403),
        ("legacy operations query of payments", "/api/operations?service=payments", 200, 403, 200, 403, 403),
        ("legacy search checkout", "/api/traces?service=checkout&{window}", 200, 200, 403, 403, 200),
        ("legacy search payments", "/api/traces?service=payments&{window}", 200, 403, 200, 403, 403),
        ("legacy search any service", "/api/traces?{window}", 200, 200, 200, 403, 200),
        ("legacy trace mixed", "/api/traces/{mixed}", 200, 200, 200, 403, 200),
        ("legacy trace payments only", "/api/traces/{payments}", 200, 404, 200, 403, 404),
        ("legacy trace of the other tenant", "/api/traces/{globex}", 404, 404, 404, 403, 404),
        ("legacy find by trace ids", "/api/traces?traceID={mixed}&traceID={payments}&traceID={globex}", 200, 200, 200, 403, 200),
        ("legacy dependencies", "/api/dependencies?{deps}", 200, 200, 200, 403, 200),
    ];

    private static readonly Dictionary<string, string[]> Permitted = new()
    {
        ["admin"] = ["checkout", "checkout-db", "payments"],
        ["checkout"] = ["checkout", "checkout-db"],
        ["payments"] = ["payments"],
        ["nobody"] = [],
        ["ci-bot"] = ["checkout", "checkout-db"],
    };

    public static TheoryData<string, string> Cases()
    {
        var cases = new TheoryData<string, string>();
        foreach (var row in Table)
        {
            foreach (var user in Permitted.Keys)
            {
                cases.Add(user, row.Route);
            }
        }

        return cases;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task User_gets_the_expected_status_and_no_unauthorized_span(string user, string route)
    {
        var row = Table.Single(r => r.Route == route);
        var expected = user switch
        {
            "admin" => row.Admin,
            "checkout" => row.Checkout,
            "payments" => row.Payments,
            "nobody" => row.Nobody,
            _ => row.CiBot,
        };

        var (status, body, response) = await query.Host.GetAsync(query.Traces.Expand(row.Path), query.TokenOf(user));
        response.Dispose();

        Assert.Equal((HttpStatusCode)expected, status);
        Assert.All(ReturnedSpans.Ids(body), id => Assert.Contains(query.Traces.SpanServices[id], Permitted[user]));

        if (status == HttpStatusCode.OK)
        {
            foreach (var service in new[] { "checkout", "checkout-db", "payments" }.Except(Permitted[user]))
            {
                Assert.DoesNotContain($"\"{service}\"", body, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Every_route_of_both_apis_is_in_the_table()
    {
        var templates = new[]
        {
            "/api/v3/services", "/api/v3/operations", "/api/v3/traces?", "/api/v3/trace-summaries", "/api/v3/traces/{",
            "/api/services", "/api/services/", "/api/operations", "/api/traces?", "/api/traces/{", "/api/dependencies",
        };

        Assert.All(templates, t => Assert.Contains(Table, r => r.Path.StartsWith(t, StringComparison.Ordinal)));
    }
}
