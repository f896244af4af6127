using System.Text;
using System.Text.Json;
using DotNet.Testcontainers.Builders;
using DotNet.Testcontainers.Configurations;
using DotNet.Testcontainers.Containers;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.Extensions.Configuration;

namespace Jaeger.Streaming.Storage.Tests.Elasticsearch.RealCluster;

/// <summary>
/// The real Elasticsearch the ES suites run against: <c>ES_URL</c> (with <c>ES_USERNAME</c>/<c>ES_PASSWORD</c> or
/// <c>ES_API_KEY</c>, <c>ES_CA_FILE</c>, and <c>ES_READ_USERNAME</c>/<c>ES_READ_PASSWORD</c> for the read-only user),
/// or else an official Elasticsearch 8 container through Testcontainers with security on. Neither: the suites skip,
/// saying so. With a superuser, the read-only role and user of docs/elasticsearch.md are created here.
/// </summary>
public sealed class ElasticsearchTarget : IAsyncLifetime
{
    public const string Image = "docker.elastic.co/elasticsearch/elasticsearch:8.15.3";
    private const string ReadOnlyUser = "jaeger_streaming_test_reader";

    private IContainer? _container;

    /// <summary>Why the suites cannot run here; null when they can.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>Servers, TLS and both credentials; copy before changing.</summary>
    public Dictionary<string, string?> Settings { get; } = [];

    public async ValueTask InitializeAsync()
    {
        var url = Environment.GetEnvironmentVariable("ES_URL");
        if (!string.IsNullOrWhiteSpace(url))
        {
            Use(url, Environment.GetEnvironmentVariable("ES_USERNAME"), Environment.GetEnvironmentVariable("ES_PASSWORD"), Environment.GetEnvironmentVariable("ES_API_KEY"));
            if (Environment.GetEnvironmentVariable("ES_CA_FILE") is { Length: > 0 } ca)
            {
                Settings["Storage:Elasticsearch:Tls:CaFile"] = ca;
            }
        }
        else if (TestcontainersSettings.OS.DockerEndpointAuthConfig is null)
        {
            SkipReason = "The Elasticsearch suite needs ES_URL (and ES_USERNAME/ES_PASSWORD or ES_API_KEY) or a Docker engine for Testcontainers; neither is available here.";
            return;
        }
        else
        {
            await StartContainerAsync();
        }

        await EnsureReadOnlyUserAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }
    }

    /// <summary>A client with the writer's (administrative) credential, for test set-up and clean-up.</summary>
    public ElasticsearchClient AdminClient() => new(Options(Settings), ElasticsearchRole.Writer, TimeProvider.System);

    public static ElasticsearchOptions Options(Dictionary<string, string?> settings) =>
        new ConfigurationBuilder().AddInMemoryCollection(settings).Build()
            .GetSection(ElasticsearchOptions.SectionName).Get<ElasticsearchOptions>()!;

    private void Use(string url, string? user, string? password, string? apiKey)
    {
        Settings["Storage:Elasticsearch:Servers:0"] = url;
        Settings["Storage:Elasticsearch:AllowPlaintext"] = url.StartsWith("http://", StringComparison.Ordinal) ? "true" : "false";
        if (!string.IsNullOrEmpty(apiKey))
        {
            Settings["Storage:Elasticsearch:WriteCredentials:ApiKey"] = apiKey;
        }
        else if (!string.IsNullOrEmpty(user))
        {
            Settings["Storage:Elasticsearch:WriteCredentials:Username"] = user;
            Settings["Storage:Elasticsearch:WriteCredentials:Password"] = password;
        }
        else
        {
            Settings["Storage:Elasticsearch:WriteCredentials:AllowAnonymous"] = "true";
        }
    }

    private async Task StartContainerAsync()
    {
        var password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        _container = new ContainerBuilder(Image)
            .WithEnvironment("discovery.type", "single-node")
            .WithEnvironment("ELASTIC_PASSWORD", password)
            .WithEnvironment("xpack.security.enabled", "true")
            .WithEnvironment("xpack.security.http.ssl.enabled", "false")
            .WithEnvironment("ES_JAVA_OPTS", "-Xms512m -Xmx512m")
            .WithPortBinding(9200, true)
            .WithWaitStrategy(Wait.ForUnixContainer().UntilHttpRequestIsSucceeded(r => r
                .ForPort(9200).ForPath("/_cluster/health").WithBasicAuthentication("elastic", password)))
            .Build();
        await _container.StartAsync(TestContext.Current.CancellationToken);
        Use($"http://{_container.Hostname}:{_container.GetMappedPublicPort(9200)}", "elastic", password, null);
    }

    private async Task EnsureReadOnlyUserAsync()
    {
        if (Environment.GetEnvironmentVariable("ES_READ_USERNAME") is { Length: > 0 } reader)
        {
            Settings["Storage:Elasticsearch:ReadCredentials:Username"] = reader;
            Settings["Storage:Elasticsearch:ReadCredentials:Password"] = Environment.GetEnvironmentVariable("ES_READ_PASSWORD");
            return;
        }

        // The role docs/elasticsearch.md documents: read and view_index_metadata on jaeger indices, nothing else.
        var password = Convert.ToHexString(Guid.NewGuid().ToByteArray());
        using var admin = AdminClient();
        var ct = TestContext.Current.CancellationToken;
        var role = await admin.PutJsonAsync("_security/role/jaeger_streaming_test_read", Json(new
        {
            indices = new[] { new { names = new[] { "jaeger-*", "*-jaeger-*" }, privileges = new[] { "read", "view_index_metadata" } } },
        }), ct);
        var user = role.IsSuccess
            ? await admin.PutJsonAsync($"_security/user/{ReadOnlyUser}", Json(new { password, roles = new[] { "jaeger_streaming_test_read" } }), ct)
            : role;
        if (!user.IsSuccess)
        {
            SkipReason = $"The Elasticsearch suite needs a read-only user: set ES_READ_USERNAME/ES_READ_PASSWORD, or give ES_USERNAME the right to create one (HTTP {user.StatusCode}: {Encoding.UTF8.GetString(user.Body)}).";
            return;
        }

        Settings["Storage:Elasticsearch:ReadCredentials:Username"] = ReadOnlyUser;
        Settings["Storage:Elasticsearch:ReadCredentials:Password"] = password;
    }

    private static byte[] Json(object value) => JsonSerializer.SerializeToUtf8Bytes(value);
}
