using Jaeger.Streaming.Ingester.Storage.Elasticsearch;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

public sealed class IndexCleanerCommandBehaviour
{
    [Fact]
    public async Task Without_days_it_prints_the_usage_and_exits_2()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await IndexCleanerCommand.RunAsync(["--dry-run"], output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("--days N is required", error.ToString());
        Assert.Contains("usage: clean-indices --days N", error.ToString());
    }

    [Fact]
    public async Task Bad_settings_are_reported_by_key_before_any_request()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var exit = await IndexCleanerCommand.RunAsync(
            ["--days", "7", "--Storage:Elasticsearch:Servers:0=http://es:9200", "--Storage:Elasticsearch:WriteCredentials:AllowAnonymous=true"],
            output, error, TestContext.Current.CancellationToken);

        Assert.Equal(2, exit);
        Assert.Contains("Storage:Elasticsearch:Servers:0 'http://es:9200' is plaintext http", error.ToString());
    }
}
