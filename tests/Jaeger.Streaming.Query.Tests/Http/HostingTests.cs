using System.Net;

namespace Jaeger.Streaming.Query.Tests.Http;

/// <summary>What AddQuery/MapQuery put on which port.</summary>
public sealed class HostingTests(QueryServer server) : IClassFixture<QueryServer>
{
    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Admin_port_answers_health(string path)
    {
        using var response = await server.Admin.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Admin_port_does_not_serve_traces()
    {
        using var response = await server.Admin.GetAsync("/api/v3/services", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task Api_port_does_not_serve_health()
    {
        using var response = await server.Api.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
