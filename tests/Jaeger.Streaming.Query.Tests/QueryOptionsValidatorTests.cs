namespace Jaeger.Streaming.Query.Tests;

public sealed class QueryOptionsValidatorTests
{
    private readonly QueryOptionsValidator _validator = new();

    [Fact]
    public void Defaults_are_valid()
    {
        Assert.True(_validator.Validate(null, new QueryOptions()).Succeeded);
    }

    [Fact]
    public void Rejects_admin_port_equal_to_port_naming_the_key()
    {
        var result = _validator.Validate(null, new QueryOptions { Port = 9000, AdminPort = 9000 });

        Assert.Contains("Query:AdminPort", result.FailureMessage);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65536)]
    public void Rejects_a_port_outside_tcp_range_naming_the_key(int port)
    {
        var result = _validator.Validate(null, new QueryOptions { Port = port });

        Assert.Contains("Query:Port", result.FailureMessage);
    }

    [Fact]
    public void Rejects_a_listen_address_that_is_not_an_ip_naming_the_key()
    {
        var result = _validator.Validate(null, new QueryOptions { ListenAddress = "example.com" });

        Assert.Contains("Query:ListenAddress", result.FailureMessage);
    }

    [Theory]
    [InlineData("")]
    [InlineData("/jaeger")]
    [InlineData("/tools/jaeger-ui_2.x~")]
    public void Accepts_an_empty_or_url_safe_base_path(string basePath)
    {
        Assert.True(_validator.Validate(null, new QueryOptions { BasePath = basePath }).Succeeded);
    }

    [Theory]
    [InlineData("jaeger", "does not start with '/'")]
    [InlineData("/a//b", "has an empty, '.' or '..' segment")]
    [InlineData("/a/../b", "has an empty, '.' or '..' segment")]
    [InlineData("/jae ger", "may hold only letters")]
    [InlineData("/jaeger\"><script>", "may hold only letters")]
    [InlineData("/j%61eger", "may hold only letters")]
    public void Rejects_a_base_path_that_is_not_plain_url_path_segments_naming_the_key(string basePath, string problem)
    {
        var result = _validator.Validate(null, new QueryOptions { BasePath = basePath });

        Assert.Contains($"Query:BasePath '{basePath}' {problem}", result.FailureMessage, StringComparison.Ordinal);
    }
}
