using Jaeger.Streaming.Schemas.Storage.Elasticsearch;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.Contract;

public sealed class ElasticsearchOptionsValidation
{
    [Fact]
    public void Valid_settings_pass_for_both_sides()
    {
        Assert.Empty(ElasticsearchOptionsValidator.Validate(RecordedElasticsearch.Options(), ElasticsearchRole.Writer));
        Assert.Empty(ElasticsearchOptionsValidator.Validate(RecordedElasticsearch.Options(), ElasticsearchRole.Reader));
    }

    [Fact]
    public void No_servers_is_refused_with_an_example()
    {
        var options = RecordedElasticsearch.Options();
        options.Servers = [];

        Assert.Contains("Storage:Elasticsearch:Servers is empty; list the cluster's node URLs, for example Storage:Elasticsearch:Servers:0=https://es-1:9200.",
            ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer));
    }

    [Fact]
    public void Plaintext_http_needs_the_loudly_named_opt_in_and_is_then_a_warning()
    {
        var options = RecordedElasticsearch.Options("http://es-1:9200");

        Assert.Contains(ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer), f => f.StartsWith("Storage:Elasticsearch:Servers:0 'http://es-1:9200' is plaintext http", StringComparison.Ordinal));

        options.AllowPlaintext = true;
        Assert.Empty(ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer));
        Assert.Contains(ElasticsearchOptionsValidator.Warnings(options, ElasticsearchRole.Writer), w => w.Contains("unencrypted", StringComparison.Ordinal));
    }

    [Fact]
    public void Skipping_certificate_verification_is_a_warning()
    {
        var options = RecordedElasticsearch.Options();
        options.Tls.AllowInsecureSkipCertificateVerification = true;

        Assert.Contains(ElasticsearchOptionsValidator.Warnings(options, ElasticsearchRole.Reader), w => w.StartsWith("Storage:Elasticsearch:Tls:AllowInsecureSkipCertificateVerification is true", StringComparison.Ordinal));
    }

    [Fact]
    public void The_query_service_must_not_use_the_writers_credential()
    {
        var options = RecordedElasticsearch.Options();
        options.ReadCredentials = new ElasticsearchCredentials { Username = "jaeger-writer", Password = "writer-secret" };

        Assert.Contains(ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Reader),
            f => f.StartsWith("Storage:Elasticsearch:ReadCredentials is the same as Storage:Elasticsearch:WriteCredentials", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_credential_names_the_side_and_the_keys_to_set()
    {
        var options = RecordedElasticsearch.Options();
        options.ReadCredentials = new ElasticsearchCredentials();

        Assert.Contains(ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Reader),
            f => f.StartsWith("Storage:Elasticsearch:ReadCredentials is empty; set the query service's read-only credential", StringComparison.Ordinal));
        Assert.Empty(ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer));
    }

    [Fact]
    public void Two_ways_to_authenticate_are_refused()
    {
        var options = RecordedElasticsearch.Options();
        options.WriteCredentials.ApiKey = "key";

        Assert.Contains(ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer),
            f => f.Contains("keep exactly one way to authenticate", StringComparison.Ordinal));
    }

    [Fact]
    public void A_missing_secret_file_names_the_key_and_the_path()
    {
        var options = RecordedElasticsearch.Options();
        options.WriteCredentials = new ElasticsearchCredentials { ApiKeyFile = "/nonexistent/es-api-key" };

        Assert.Contains("Storage:Elasticsearch:WriteCredentials:ApiKeyFile '/nonexistent/es-api-key' does not exist; fix the path or mount the file.",
            ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer));
    }

    [Fact]
    public void A_ca_file_that_is_not_pem_is_refused()
    {
        var file = Path.GetTempFileName();
        File.WriteAllBytes(file, [0x30, 0x82, 0x01]);
        var options = RecordedElasticsearch.Options();
        options.Tls.CaFile = file;

        Assert.Contains(ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer), f => f.StartsWith($"Storage:Elasticsearch:Tls:CaFile '{file}' holds no PEM certificate", StringComparison.Ordinal));
        File.Delete(file);
    }

    [Theory]
    [InlineData("Prod")]
    [InlineData("prod*")]
    [InlineData("-prod")]
    public void An_index_prefix_that_cannot_name_an_index_is_refused(string prefix)
    {
        var options = RecordedElasticsearch.Options();
        options.IndexPrefix = prefix;

        Assert.Contains(ElasticsearchOptionsValidator.Validate(options, ElasticsearchRole.Writer), f => f.StartsWith($"Storage:Elasticsearch:IndexPrefix '{prefix}' is not usable", StringComparison.Ordinal));
    }

    [Fact]
    public void Storage_type_is_embedded_by_default_and_refuses_unknown_backends()
    {
        Assert.False(StorageType.IsElasticsearch(null));
        Assert.False(StorageType.IsElasticsearch("embedded"));
        Assert.True(StorageType.IsElasticsearch("Elasticsearch"));
        Assert.Equal("Storage:Type 'cassandra' is not supported; use embedded (the default) or elasticsearch.",
            Assert.Throws<InvalidOperationException>(() => StorageType.IsElasticsearch("cassandra")).Message);
    }
}
