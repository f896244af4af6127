using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Jaeger.Streaming.AllInOne;
using Jaeger.Streaming.Query.Tests.Http;
using Jaeger.Streaming.Testing;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>
/// Tenancy end to end: two producers, each with the collector credential of its tenant, send spans of a service both
/// call checkout; the tenant travels in the Kafka <c>x-tenant</c> header to storage; each tenant's reader, whose
/// tenant comes from its query token, sees only its own through every route.
/// </summary>
public sealed class TenantPipelineTests : IAsyncLifetime
{
    private static readonly string[] Tenants = ["acme", "globex"];
    private readonly string _dataDir = Directory.CreateTempSubdirectory("jaeger-query-tenancy-").FullName;
    private readonly int _httpPort = FreePort.Next();
    private readonly int _queryPort = FreePort.Next();
    private readonly Dictionary<string, TraceIdBytes> _traces = new() { ["acme"] = Otlp.NewTraceId(), ["globex"] = Otlp.NewTraceId() };
    private readonly HttpClient _client = new() { Timeout = TimeSpan.FromMinutes(2) };
    private AllInOneHost? _host;

    public async ValueTask InitializeAsync()
    {
        var args = new List<string>
        {
            "--Collector:ListenAddress=127.0.0.1", $"--Collector:GrpcPort={FreePort.Next()}", $"--Collector:HttpPort={_httpPort}", $"--Collector:AdminPort={FreePort.Next()}",
            $"--Collector:Sampling:Port={FreePort.Next()}", $"--Collector:Sampling:GrpcPort={FreePort.Next()}",
            "--Ingester:ListenAddress=127.0.0.1", $"--Ingester:AdminPort={FreePort.Next()}",
            "--Query:ListenAddress=127.0.0.1", $"--Query:Port={_queryPort}", $"--Query:AdminPort={FreePort.Next()}",
            "--Query:Authentication:Mode=tokens",
            "--Query:Authorization:Roles:viewer:Services:0=*",
        };
        for (var i = 0; i < Tenants.Length; i++)
        {
            var tenant = Tenants[i];
            args.Add($"--Collector:Authentication:Credentials:{i}:TokenPath={Policies.TokenFile(ProducerToken(tenant))}");
            args.Add($"--Collector:Authentication:Credentials:{i}:Tenant={tenant}");
            args.Add($"--Query:Authentication:Tokens:{i}:Name={tenant}-reader");
            args.Add($"--Query:Authentication:Tokens:{i}:TokenPath={Policies.TokenFile(ReaderToken(tenant))}");
            args.Add($"--Query:Authentication:Tokens:{i}:Tenant={tenant}");
            args.Add($"--Query:Authentication:Tokens:{i}:Roles:0=viewer");
            args.Add($"--Query:Authorization:Tenants:{i}={tenant}");
            args.Add($"--Query:Authorization:Roles:viewer:Tenants:{i}={tenant}");
        }

        _host = await AllInOneHost.StartAsync([.. args], _dataDir, CancellationToken.None);
    }

    [Fact]
    public async Task Each_tenants_producer_and_reader_see_only_their_own_checkout()
    {
        foreach (var tenant in Tenants)
        {
            await SendAsync(tenant);
        }

        foreach (var tenant in Tenants)
        {
            await WaitForTraceAsync(tenant);
        }

        foreach (var (reader, other) in new[] { ("acme", "globex"), ("globex", "acme") })
        {
            var now = DateTimeOffset.UtcNow;
            var window = $"query.startTimeMin={SeededTraces.Rfc3339(now.AddHours(-1))}&query.startTimeMax={SeededTraces.Rfc3339(now.AddMinutes(5))}";
            var legacyWindow = $"start={SeededTraces.Micros(now.AddHours(-1))}&end={SeededTraces.Micros(now.AddMinutes(5))}";

            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(reader, $"/api/v3/traces/{_traces[other]}")).Status);
            Assert.Equal(HttpStatusCode.NotFound, (await GetAsync(reader, $"/api/traces/{_traces[other]}")).Status);
            Assert.Equal(
                HttpStatusCode.NotFound,
                (await GetAsync(reader, $"/api/v3/traces/{_traces[other]}", new() { ["x-tenant"] = other })).Status);
            Assert.Equal(["checkout"], Names((await GetAsync(reader, "/api/v3/services")).Body["services"]!));
            Assert.Equal([$"{reader} GET /cart"], Names((await GetAsync(reader, "/api/v3/operations?service=checkout")).Body["operations"]!, "name"));
            Assert.Equal([_traces[reader].ToString()], TraceIds((await GetAsync(reader, $"/api/v3/traces?query.serviceName=checkout&{window}")).Body));
            Assert.Equal([_traces[reader].ToString()], Names((await GetAsync(reader, $"/api/traces?service=checkout&{legacyWindow}")).Body["data"]!, "traceID"));
        }
    }

    public async ValueTask DisposeAsync()
    {
        _client.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        Directory.Delete(_dataDir, recursive: true);
    }

    private static string ProducerToken(string tenant) => $"{tenant}-producer-token-0123456789abcdef";

    private static string ReaderToken(string tenant) => $"{tenant}-reader-token-0123456789abcdef0123";

    private async Task SendAsync(string tenant)
    {
        var span = Otlp.Span(_traces[tenant], $"{tenant} GET /cart", DateTimeOffset.UtcNow.AddSeconds(-10));
        using var request = new HttpRequestMessage(HttpMethod.Post, $"http://127.0.0.1:{_httpPort}/v1/traces")
        {
            Content = new ByteArrayContent(Otlp.Request(Otlp.ResourceSpans("checkout", span)).ToByteArray()),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-protobuf");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ProducerToken(tenant));
        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task WaitForTraceAsync(string tenant)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while ((await GetAsync(tenant, $"/api/v3/traces/{_traces[tenant]}")).Status != HttpStatusCode.OK)
        {
            Assert.True(DateTime.UtcNow < deadline, $"{tenant}'s trace was not readable by its reader within 60 s");
            await Task.Delay(200, TestContext.Current.CancellationToken);
        }
    }

    private async Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string reader, string path, Dictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{_queryPort}{path}");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ReaderToken(reader));
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await _client.SendAsync(request, TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken))!);
    }

    private static List<string> Names(JsonNode array, string? property = null) =>
        [.. array.AsArray().Select(n => property is null ? (string)n! : (string)n![property]!)];

    private static List<string> TraceIds(JsonNode body) =>
        [.. body["result"]!["resourceSpans"]!.AsArray()
            .SelectMany(r => r!["scopeSpans"]!.AsArray().SelectMany(s => s!["spans"]!.AsArray()))
            .Select(s => (string)s!["traceId"]!).Distinct()];
}
