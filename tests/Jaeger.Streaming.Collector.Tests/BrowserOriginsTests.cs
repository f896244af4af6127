using System.Net;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// B1, spans from web pages (Collector:Cors): the OpenTelemetry JS web SDK posts OTLP/HTTP cross-origin, so the browser
/// asks the collector first. Pages of the listed origins may send, others may not; authentication still applies.
/// </summary>
public sealed class BrowserOriginsTests : IAsyncLifetime
{
    private const string Token = "browser-origins-test-token-0123456789";

    private readonly SpanTopic _topic = new();
    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("collector-cors-");
    private CollectorHost _collector = null!;

    public async ValueTask InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_secrets.FullName, "web"), Token);
        _collector = await CollectorHost.StartAsync(_topic.BootstrapServers, new Dictionary<string, string?>
        {
            ["Collector:Cors:AllowedOrigins:0"] = "https://app.example.com",
            ["Collector:Cors:AllowedOrigins:1"] = "https://*.shop.example",
            ["Collector:Cors:AllowedOrigins:2"] = "http://localhost:3000",
            ["Collector:Cors:AllowedHeaders:0"] = "Authorization",
            ["Collector:Cors:MaxAge"] = "00:05:00",
            ["Collector:Authentication:Credentials:0:TokenPath"] = Path.Combine(_secrets.FullName, "web"),
            ["Collector:Authentication:Credentials:0:Tenant"] = "web",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        _topic.Dispose();
        _secrets.Delete(recursive: true);
    }

    [Theory]
    [InlineData("https://app.example.com", true)]
    [InlineData("https://app.example.com:443", true)]
    [InlineData("https://eu.shop.example", true)]
    [InlineData("https://a.b.shop.example", true)]
    [InlineData("http://localhost:3000", true)]
    [InlineData("https://shop.example", false)]
    [InlineData("https://evilshop.example", false)]
    [InlineData("http://app.example.com", false)]
    [InlineData("https://app.example.com:8443", false)]
    [InlineData("https://app.example.com.evil.net", false)]
    [InlineData("http://localhost:3001", false)]
    [InlineData("null", false)]
    public async Task A_preflight_is_answered_for_the_listed_origins_only(string origin, bool allowed)
    {
        using var response = await PreflightAsync(origin, "content-type,authorization");

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
            Assert.Equal([origin], response.Headers.GetValues("Access-Control-Allow-Origin"));
            Assert.Equal(["POST"], response.Headers.GetValues("Access-Control-Allow-Methods"));
            Assert.Equal(["300"], response.Headers.GetValues("Access-Control-Max-Age"));
            var headers = string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ToLowerInvariant();
            Assert.Contains("content-type", headers, StringComparison.Ordinal);
            Assert.Contains("authorization", headers, StringComparison.Ordinal);
        }
        else
        {
            Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        }
    }

    [Fact]
    public async Task A_header_not_listed_is_not_allowed_by_the_preflight()
    {
        using var response = await PreflightAsync("https://app.example.com", "content-type,x-tenant");

        var allowed = response.Headers.TryGetValues("Access-Control-Allow-Headers", out var values) ? string.Join(",", values).ToLowerInvariant() : "";
        Assert.DoesNotContain("x-tenant", allowed, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_page_of_a_listed_origin_sends_spans_and_reads_the_answer_and_its_retry_after()
    {
        var traceId = Otlp.NewTraceId();

        using var response = await _collector.PostProtobufAsync(ServiceRequests.Of("web-app", traceId: traceId), headers =>
        {
            headers.Add("Origin", "https://eu.shop.example");
            headers.Authorization = new("Bearer", Token);
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["https://eu.shop.example"], response.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Equal(["Retry-After"], response.Headers.GetValues("Access-Control-Expose-Headers"));
        Assert.Single(_topic.ReadTrace(traceId));
    }

    [Fact]
    public async Task A_page_without_a_credential_is_refused_with_401_it_can_read()
    {
        var traceId = Otlp.NewTraceId();

        using var response = await _collector.PostProtobufAsync(ServiceRequests.Of("web-app", traceId: traceId), headers => headers.Add("Origin", "https://app.example.com"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(["https://app.example.com"], response.Headers.GetValues("Access-Control-Allow-Origin"));
        Assert.Empty(_topic.ReadTrace(traceId));
    }

    private async Task<HttpResponseMessage> PreflightAsync(string origin, string requestHeaders)
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, "/v1/traces");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", requestHeaders);
        return await _collector.Http.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
