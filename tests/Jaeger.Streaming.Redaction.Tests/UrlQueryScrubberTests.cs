namespace Jaeger.Streaming.Redaction.Tests;

public sealed class UrlQueryScrubberTests
{
    [Theory]
    [InlineData("url.full", "https://shop.example.com/cart?id=42&access_token=abc123&lang=en", "https://shop.example.com/cart?id=42&access_token=[REDACTED:url]&lang=en")]
    [InlineData("http.url", "https://s3.example.com/b/o?X-Amz-Credential=AK%2F1&X-Amz-Signature=ff00", "https://s3.example.com/b/o?X-Amz-Credential=[REDACTED:url]&X-Amz-Signature=[REDACTED:url]")]
    [InlineData("http.target", "/login?user=bob&password=hunter2", "/login?user=bob&password=[REDACTED:url]")]
    [InlineData("url.query", "q=shoes&api_key=k1&page=2", "q=shoes&api_key=[REDACTED:url]&page=2")]
    [InlineData("url.full", "https://app.example.com/cb#id_token=xyz&state=s1", "https://app.example.com/cb#id_token=[REDACTED:url]&state=s1")]
    [InlineData("url.full", "https://bob:hunter2@db.example.com:5432/app?sslmode=require", "https://bob:[REDACTED:url]@db.example.com:5432/app?sslmode=require")]
    [InlineData("url.full", "https://example.com/p?sessionid=s&sig=x&key=k", "https://example.com/p?sessionid=[REDACTED:url]&sig=[REDACTED:url]&key=[REDACTED:url]")]
    public void Masks_sensitive_parameters_and_keeps_path_and_other_parameters(string key, string url, string expected) =>
        Assert.Equal(expected, Redact.Attribute(url, key));

    [Theory]
    [InlineData("url.full", "https://shop.example.com/cart?id=42&lang=en")]
    [InlineData("url.full", "https://shop.example.com/token/refresh")]
    [InlineData("http.target", "/api/orders?page=2&token_count=5")]
    [InlineData("url.query", "q=password+reset")]
    [InlineData("url.full", "https://registry.example.com/@scope/pkg")]
    public void Keeps_URLs_without_sensitive_parameters_as_the_same_instance(string key, string url) =>
        Assert.Same(url, Redact.Attribute(url, key));

    [Fact]
    public void Still_runs_detectors_on_the_scrubbed_URL() =>
        Assert.Equal("/users/[REDACTED:email]?token=[REDACTED:url]", Redact.Attribute("/users/bob@example.com?token=t0k3n", "http.target"));

    [Fact]
    public void Leaves_URLs_alone_when_scrubbing_is_off() =>
        Assert.Equal("/download?sig=abc", Redact.Attribute("/download?sig=abc", "http.target", Redact.Redactor(options => options.ScrubUrls = false)));
}
