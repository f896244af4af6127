using Google.Protobuf;
using System.Net;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Tests;

public sealed class CollectorHostingTests(CollectorFixture fixture) : IClassFixture<CollectorFixture>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Admin_port_answers_health_probes(string path)
    {
        using var response = await fixture.Collector.Admin.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Otlp_http_is_not_served_on_the_admin_port()
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new("application/x-protobuf");

        using var response = await fixture.Collector.Admin.PostAsync("/v1/traces", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task Otlp_http_answers_another_method_with_405_naming_post(string method)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), "/v1/traces");

        using var response = await fixture.Collector.Http.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Contains("POST /v1/traces", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_allowed_origins_a_cross_origin_page_gets_no_cors_headers()
    {
        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/v1/traces");
        preflight.Headers.Add("Origin", "https://app.example.com");
        preflight.Headers.Add("Access-Control-Request-Method", "POST");
        using var content = new ByteArrayContent(ServiceRequests.Of("svc").ToByteArray());
        content.Headers.ContentType = new("application/x-protobuf");
        using var post = new HttpRequestMessage(HttpMethod.Post, "/v1/traces") { Content = content };
        post.Headers.Add("Origin", "https://app.example.com");

        using var preflightResponse = await fixture.Collector.Http.SendAsync(preflight, TestContext.Current.CancellationToken);
        using var postResponse = await fixture.Collector.Http.SendAsync(post, TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.MethodNotAllowed, HttpStatusCode.OK), (preflightResponse.StatusCode, postResponse.StatusCode));
        Assert.False(preflightResponse.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(postResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("/v1/logs")]
    [InlineData("/v1/metrics")]
    [InlineData("/v1/trace")]
    public async Task Another_path_on_the_otlp_http_port_gets_404_saying_only_traces_are_received(string path)
    {
        using var content = new ByteArrayContent([]);
        content.Headers.ContentType = new("application/x-protobuf");
        var before = await ScrapedMetrics.ReadAsync(fixture.Collector);

        using var response = await fixture.Collector.Http.PostAsync(path, content, TestContext.Current.CancellationToken);
        var after = await ScrapedMetrics.ReadAsync(fixture.Collector);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("receives traces only, with POST /v1/traces", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(Received(before), Received(after));

        static double Received(ScrapedMetrics metrics) =>
            metrics.Has("jaeger_collector_requests_received_total", ("transport", "http")) ? metrics.Value("jaeger_collector_requests_received_total", ("transport", "http")) : 0;
    }

    [Fact]
    public async Task Otlp_http_paths_answer_404_on_the_admin_port_whatever_the_method()
    {
        using var response = await fixture.Collector.Admin.GetAsync("/v1/traces", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Metrics_are_served_on_the_admin_port_only()
    {
        using var admin = await fixture.Collector.Admin.GetAsync("/metrics", TestContext.Current.CancellationToken);
        using var otlp = await fixture.Collector.Http.GetAsync("/metrics", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.NotFound), (admin.StatusCode, otlp.StatusCode));
        Assert.Contains("jaeger_collector_requests_received_total", await admin.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_probes_are_not_served_on_the_otlp_http_port()
    {
        using var response = await fixture.Collector.Http.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("Kafka:BootstrapServers", "", "Kafka:BootstrapServers is required")]
    [InlineData("Kafka:Security:AllowPlaintext", "false", "Kafka:Security:AllowPlaintext=true")]
    [InlineData("Collector:GrpcPort", "70000", "Collector:GrpcPort 70000")]
    [InlineData("Collector:ListenAddress", "localhost", "Collector:ListenAddress 'localhost'")]
    [InlineData("Collector:MaxRequestBodyBytes", "0", "Collector:MaxRequestBodyBytes 0")]
    [InlineData("Collector:Producer:QueueBufferingMaxMessages", "0", "Collector:Producer:QueueBufferingMaxMessages 0")]
    [InlineData("Collector:Limits:MaxSpansPerRequest", "0", "Collector:Limits:MaxSpansPerRequest 0")]
    [InlineData("Collector:RateLimits:PerService:SpansPerSecond", "-1", "Collector:RateLimits:PerService:SpansPerSecond -1")]
    [InlineData("Collector:Tls:RequireTls", "true", "Collector:Tls:RequireTls is true but Collector:Tls:CertificatePath is empty")]
    [InlineData("Collector:Tls:CertificatePath", "/nonexistent/server.pem", "Collector:Tls:KeyPath is required")]
    [InlineData("Collector:Tls:RequireClientCertificate", "true", "Collector:Tls:RequireClientCertificate is true but Collector:Tls:ClientCaPath is empty")]
    [InlineData("Collector:MaxRequestBytesInFlight", "1024", "Collector:MaxRequestBytesInFlight 1024 is below Collector:MaxRequestBodyBytes")]
    [InlineData("Collector:Tenancy:AcceptTenantHeader", "true", "Collector:Tenancy:AcceptTenantHeader is true but Collector:Tenancy:Tenants is empty")]
    [InlineData("Collector:Tenancy:Tenants:0", "Team A", "Collector:Tenancy:Tenants:0 'Team A' is not a valid tenant")]
    [InlineData("Collector:Metrics:MaxLabelValues", "0", "Collector:Metrics:MaxLabelValues 0")]
    [InlineData("Collector:Cors:AllowedOrigins:0", "https://app.example.com/", "Collector:Cors:AllowedOrigins:0 'https://app.example.com/' is not an origin")]
    [InlineData("Collector:Cors:AllowedOrigins:0", "app.example.com", "Collector:Cors:AllowedOrigins:0 'app.example.com' is not an origin")]
    [InlineData("Collector:Cors:AllowedOrigins:0", "https://app.example.com:70000", "Collector:Cors:AllowedOrigins:0 'https://app.example.com:70000' has port 70000")]
    [InlineData("Collector:Cors:AllowedHeaders:0", "x tenant", "Collector:Cors:AllowedHeaders:0 'x tenant' is not a header name")]
    [InlineData("Collector:Cors:MaxAge", "-00:00:01", "Collector:Cors:MaxAge -00:00:01 is negative")]
    public async Task Refuses_to_start_with_a_bad_setting_naming_the_key(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?> { [key] = value };

        // Kestrel reads the listener settings while the app is built, the rest at start: either way it must not run.
        var error = await Assert.ThrowsAsync<OptionsValidationException>(async () =>
        {
            await using var app = CollectorHost.Build(fixture.Topic.BootstrapServers, out _, settings);
            await app.StartAsync(TestContext.Current.CancellationToken);
        });

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
