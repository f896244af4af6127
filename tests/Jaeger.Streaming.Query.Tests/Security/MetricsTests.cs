using System.Net;
using Jaeger.Streaming.Query.Tests.Http;
using Jaeger.Streaming.Testing.Oidc;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>The query metrics on the admin port after a known workload: exact counts by route and status, and denials by reason.</summary>
public sealed class MetricsTests(TestIssuer issuer) : IClassFixture<TestIssuer>
{
    [Fact]
    public async Task Requests_and_denials_are_counted_by_route_status_and_reason()
    {
        await using var host = await QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), issuer.Settings()));
        var carol = issuer.Token("carol", ["checkout-team"], "acme");
        for (var i = 0; i < 3; i++)
        {
            (await host.GetAsync("/api/v3/services", carol)).Response.Dispose();
        }

        for (var i = 0; i < 2; i++)
        {
            (await host.GetAsync("/api/v3/services")).Response.Dispose();
        }

        (await host.GetAsync("/api/v3/operations?service=payments", carol)).Response.Dispose();
        (await host.GetAsync("/api/v3/traces/not-hex", carol)).Response.Dispose();

        var metrics = await host.Admin.GetStringAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Contains("jaeger_query_requests_total{route=\"/api/v3/services\",status=\"200\"} 3\n", metrics, StringComparison.Ordinal);
        Assert.Contains("jaeger_query_requests_total{route=\"/api/v3/services\",status=\"401\"} 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("jaeger_query_requests_total{route=\"/api/v3/operations\",status=\"403\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("jaeger_query_requests_total{route=\"/api/v3/traces/{traceId}\",status=\"400\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("jaeger_query_denied_requests_total{route=\"/api/v3/services\",reason=\"unauthenticated\"} 2\n", metrics, StringComparison.Ordinal);
        Assert.Contains("jaeger_query_denied_requests_total{route=\"/api/v3/operations\",reason=\"forbidden\"} 1\n", metrics, StringComparison.Ordinal);
        Assert.Contains("jaeger_query_request_duration_seconds_count{route=\"/api/v3/services\"} 5\n", metrics, StringComparison.Ordinal);
        Assert.DoesNotContain("reason=\"forbidden\"} 0", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_served_on_the_admin_port_only()
    {
        await using var host = await QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), issuer.Settings()));

        using var api = await host.Api.GetAsync("/metrics", TestContext.Current.CancellationToken);
        using var admin = await host.Admin.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.NotFound, HttpStatusCode.OK), (api.StatusCode, admin.StatusCode));
    }
}
