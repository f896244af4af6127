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
}
