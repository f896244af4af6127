using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;
using Jaeger.Streaming.Testing.Oidc;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>JWT producer credentials checked against an OIDC issuer's discovery document and JWKS (Collector:Authentication:Jwt:Authority).</summary>
public sealed class OidcAuthenticationTests(SpanTopic topic) : IClassFixture<SpanTopic>
{
    [Fact]
    public async Task Jwt_from_the_issuer_is_accepted_with_the_keys_of_its_discovery_document_and_others_get_401()
    {
        await using var issuer = new TestIssuer();
        await issuer.InitializeAsync();
        await using var collector = await StartAsync(issuer);
        var traceId = Otlp.NewTraceId();

        var accepted = await StatusAsync(collector, issuer.Token("checkout", tenant: "team-oidc"), Otlp.Request(Otlp.ResourceSpans("A", Otlp.Span(traceId))));
        var forged = await StatusAsync(collector, issuer.Token("checkout", tenant: "team-oidc", signedByStranger: true));
        var otherIssuer = await StatusAsync(collector, issuer.Token("checkout", tenant: "team-oidc", issuer: "https://issuer.elsewhere.test"));
        var otherAudience = await StatusAsync(collector, issuer.Token("checkout", tenant: "team-oidc", audience: "someone-else"));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized),
            (accepted, forged, otherIssuer, otherAudience));
        Assert.Equal("team-oidc", Encoding.UTF8.GetString(Assert.Single(topic.ReadTrace(traceId)).Message.Headers.GetLastBytes(SpanRecordContract.TenantHeader)));
    }

    [Fact]
    public async Task While_the_issuer_cannot_be_reached_exports_are_answered_retryably_and_are_accepted_once_it_can()
    {
        await using var issuer = new TestIssuer();
        await using var collector = await StartAsync(issuer);
        var token = issuer.Token("checkout", tenant: "team-oidc");

        using var http = await PostAsync(collector, token, ServiceRequests.Of("A"));
        var grpc = await Assert.ThrowsAsync<RpcException>(async () => await collector.Grpc.ExportAsync(
            ServiceRequests.Of("A"), new Metadata { { "authorization", $"Bearer {token}" } }, cancellationToken: TestContext.Current.CancellationToken));
        var metrics = await ScrapedMetrics.ReadAsync(collector);
        await issuer.InitializeAsync();
        var afterwards = await IssuerReachable.FirstAnswerAsync(() => StatusAsync(collector, token));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, "5"), (http.StatusCode, http.Headers.RetryAfter?.Delta?.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Contains("cannot fetch the token issuer's signing keys", await http.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(StatusCode.Unavailable, grpc.StatusCode);
        Assert.Equal(1, metrics.Value("jaeger_collector_auth_failures_total", ("transport", "http"), ("reason", "signing_keys_unavailable")));
        Assert.Equal(HttpStatusCode.OK, afterwards);
    }

    [Fact]
    public async Task While_the_issuer_cannot_be_reached_a_credential_that_is_no_jwt_still_gets_401()
    {
        await using var issuer = new TestIssuer();
        await using var collector = await StartAsync(issuer);

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusAsync(collector, "not-a-jwt-0123456789"));
    }

    public static TheoryData<string, string, string> BadIssuerSettings => new()
    {
        { "Authority", "http://issuer.example/realms/x", "Collector:Authentication:Jwt:Authority 'http://issuer.example/realms/x' is plain HTTP" },
        { "Authority", "issuer.example", "Collector:Authentication:Jwt:Authority 'issuer.example' is not an absolute http(s) URL" },
        { "MetadataAddress", "ftp://issuer.example/.well-known/openid-configuration", "is not an absolute http(s) URL" },
        { "JwksPath", "/keys/jwks.json", "Collector:Authentication:Jwt has more than one key source" },
        { "Audience", "", "Collector:Authentication:Jwt:Issuer and Collector:Authentication:Jwt:Audience are required" },
    };

    [Theory]
    [MemberData(nameof(BadIssuerSettings))]
    public void Bad_issuer_setting_is_refused_at_start_naming_the_key(string key, string value, string message)
    {
        var jwt = new JwtOptions { Authority = "https://issuer.example/realms/x", Audience = "jaeger" };
        switch (key)
        {
            case "Authority": jwt.Authority = value; break;
            case "MetadataAddress": jwt.MetadataAddress = value; break;
            case "JwksPath": jwt.JwksPath = value; break;
            default: jwt.Audience = value; break;
        }

        var result = new AuthenticationOptionsValidator().Validate(null, new AuthenticationOptions { Jwt = jwt });

        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void An_https_issuer_needs_no_issuer_setting()
    {
        var result = new AuthenticationOptionsValidator().Validate(null, new AuthenticationOptions { Jwt = { Authority = "https://issuer.example/realms/x", Audience = "jaeger" } });

        Assert.True(result.Succeeded, result.FailureMessage);
    }

    private Task<CollectorHost> StartAsync(TestIssuer issuer) => CollectorHost.StartAsync(topic.BootstrapServers, new Dictionary<string, string?>
    {
        ["Collector:Authentication:Jwt:Authority"] = issuer.Authority,
        ["Collector:Authentication:Jwt:AllowHttpMetadata"] = "true",
        ["Collector:Authentication:Jwt:Audience"] = TestIssuer.Audience,
    });

    private static async Task<HttpStatusCode> StatusAsync(CollectorHost collector, string token, ExportTraceServiceRequest? request = null)
    {
        using var response = await PostAsync(collector, token, request ?? ServiceRequests.Of("A"));
        return response.StatusCode;
    }

    private static Task<HttpResponseMessage> PostAsync(CollectorHost collector, string token, ExportTraceServiceRequest request) =>
        collector.PostProtobufAsync(request, headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", token));
}
