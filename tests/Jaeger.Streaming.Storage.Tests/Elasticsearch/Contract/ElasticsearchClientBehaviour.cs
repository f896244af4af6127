using System.Net;
using System.Text;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

public sealed class ElasticsearchClientBehaviour
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Fails_over_to_the_next_node_when_one_is_unreachable()
    {
        var es = new RecordedElasticsearch().Unreachable().Ok("{}");
        using var client = es.Client(RecordedElasticsearch.Options("https://es-1:9200", "https://es-2:9200"));

        var response = await client.GetAsync("_cluster/health", Ct);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(["es-1:9200", "es-2:9200"], es.Sent.Select(s => s.Uri.Authority));
        Assert.Equal("es-2:9200", response.Node.Authority);
    }

    [Fact]
    public async Task Keeps_using_the_node_that_answered()
    {
        var es = new RecordedElasticsearch().Unreachable().Ok("{}").Ok("{}");
        using var client = es.Client(RecordedElasticsearch.Options("https://es-1:9200", "https://es-2:9200"));

        await client.GetAsync("a", Ct);
        await client.GetAsync("b", Ct);

        Assert.Equal("es-2:9200", es.Sent[2].Uri.Authority);
    }

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Retries_throttling_and_gateway_errors(HttpStatusCode status)
    {
        var es = new RecordedElasticsearch().Answer(status, """{"error":{"type":"es_rejected_execution_exception"}}""").Ok("""{"acknowledged":true}""");
        using var client = es.Client();

        var response = await client.GetAsync("x", Ct);

        Assert.Equal(200, response.StatusCode);
        Assert.Equal(2, es.Sent.Count);
    }

    [Fact]
    public async Task Does_not_retry_a_client_error()
    {
        var es = new RecordedElasticsearch().Answer(HttpStatusCode.BadRequest, """{"error":{"type":"parsing_exception","reason":"bad"}}""");
        using var client = es.Client();

        var response = await client.GetAsync("x", Ct);

        Assert.Equal(400, response.StatusCode);
        Assert.Single(es.Sent);
    }

    [Fact]
    public async Task Returns_the_last_answer_after_the_retries_run_out()
    {
        var es = new RecordedElasticsearch();
        for (var i = 0; i < 4; i++)
        {
            es.Answer(HttpStatusCode.ServiceUnavailable, "{}");
        }

        using var client = es.Client();

        var response = await client.GetAsync("x", Ct);

        Assert.Equal(503, response.StatusCode);
        Assert.Equal(4, es.Sent.Count);
    }

    [Fact]
    public async Task Says_which_nodes_failed_when_none_answers()
    {
        var es = new RecordedElasticsearch().Unreachable().Unreachable().Unreachable().Unreachable();
        using var client = es.Client(RecordedElasticsearch.Options("https://es-1:9200", "https://es-2:9200"));

        var error = await Assert.ThrowsAsync<ElasticsearchException>(() => client.GetAsync("x", Ct));

        Assert.Contains("no Elasticsearch node answered after 4 attempts", error.Message);
        Assert.Contains("es-1:9200", error.Message);
        Assert.Contains("es-2:9200", error.Message);
        Assert.True(error.IsTransient);
    }

    [Fact]
    public async Task Error_names_the_index_and_the_elasticsearch_error_type()
    {
        var es = new RecordedElasticsearch().Answer(HttpStatusCode.Forbidden,
            """{"error":{"type":"security_exception","reason":"action [indices:data/write/bulk] is unauthorized for user [jaeger-reader]"},"status":403}""");
        using var client = es.Client();

        var response = await client.GetAsync("jaeger-span-2026-11-23/_doc/1", Ct);
        var error = Assert.Throws<ElasticsearchException>(() => response.EnsureSuccess("Writing", "jaeger-span-2026-11-23"));

        Assert.Equal("security_exception", error.ErrorType);
        Assert.Equal(403, error.StatusCode);
        Assert.Contains("on index 'jaeger-span-2026-11-23'", error.Message);
        Assert.Contains("is unauthorized for user [jaeger-reader]", error.Message);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task Writer_authenticates_with_basic_credentials()
    {
        var es = new RecordedElasticsearch().Ok("{}");
        using var client = es.Client();

        await client.GetAsync("x", Ct);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("jaeger-writer:writer-secret")), es.Sent[0].Authorization);
    }

    [Fact]
    public async Task Reader_authenticates_with_its_own_credential()
    {
        var es = new RecordedElasticsearch().Ok("{}");
        using var client = es.Client(role: ElasticsearchRole.Reader);

        await client.GetAsync("x", Ct);

        Assert.Equal("Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("jaeger-reader:reader-secret")), es.Sent[0].Authorization);
    }

    [Fact]
    public async Task Api_key_is_read_from_its_file_without_the_trailing_newline()
    {
        var file = Path.GetTempFileName();
        await File.WriteAllTextAsync(file, "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==\n", Ct);
        var options = RecordedElasticsearch.Options();
        options.WriteCredentials = new ElasticsearchCredentials { ApiKeyFile = file };
        var es = new RecordedElasticsearch().Ok("{}");
        using var client = es.Client(options);

        await client.GetAsync("x", Ct);

        Assert.Equal("ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", es.Sent[0].Authorization);
        File.Delete(file);
    }

    [Fact]
    public async Task Bearer_token_is_sent_as_such()
    {
        var options = RecordedElasticsearch.Options();
        options.ReadCredentials = new ElasticsearchCredentials { BearerToken = "eyJhbGciOi.token" };
        var es = new RecordedElasticsearch().Ok("{}");
        using var client = es.Client(options, ElasticsearchRole.Reader);

        await client.GetAsync("x", Ct);

        Assert.Equal("Bearer eyJhbGciOi.token", es.Sent[0].Authorization);
    }

    [Fact]
    public async Task Anonymous_sends_no_authorization()
    {
        var options = RecordedElasticsearch.Options();
        options.WriteCredentials = new ElasticsearchCredentials { AllowAnonymous = true };
        var es = new RecordedElasticsearch().Ok("{}");
        using var client = es.Client(options);

        await client.GetAsync("x", Ct);

        Assert.Null(es.Sent[0].Authorization);
    }
}
