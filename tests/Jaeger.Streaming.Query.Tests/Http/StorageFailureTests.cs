using System.Net;
using System.Text.Json.Nodes;
using Jaeger.Streaming.Query.Tests.Security;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Query.Tests.Http;

/// <summary>
/// A storage that cannot serve a read is the storage's outage, not the caller's error and not a crash: 503 in the API's
/// own error shape with a retry delay, and what the storage said (addresses, paths) in the log, not in the answer.
/// </summary>
public sealed class StorageFailureTests
{
    private const string V3Search = "/api/v3/traces?query.service_name=cart&query.start_time_min=2026-01-01T00:00:00Z&query.start_time_max=2026-01-02T00:00:00Z";

    public static TheoryData<string> Paths => ["/api/v3/services", "/api/services", V3Search, "/api/traces?service=cart"];

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_unreachable_elasticsearch_gets_503_with_a_retry_delay_and_no_node_address(string path)
    {
        await using var host = await QueryHost.StartAsync(Policies.Merge(Open(), new()
        {
            ["Storage:Type"] = "elasticsearch",
            ["Storage:Elasticsearch:Servers:0"] = "http://127.0.0.1:9",
            ["Storage:Elasticsearch:AllowPlaintext"] = "true",
            ["Storage:Elasticsearch:ReadCredentials:AllowAnonymous"] = "true",
        }));

        var (status, body, response) = await host.GetAsync(path);
        using (response)
        {
            AssertUnavailable(path, status, body, response);
            Assert.DoesNotContain("127.0.0.1", body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Paths))]
    public async Task An_unreadable_embedded_store_gets_503_with_a_retry_delay_and_no_path(string path)
    {
        await using var host = await QueryHost.StartAsync(Open());
        await File.WriteAllTextAsync(EmbeddedStoreSchema.DatabasePath(new EmbeddedStoreOptions { DataDir = host.DataDir }), new string('x', 8192), TestContext.Current.CancellationToken);

        var (status, body, response) = await host.GetAsync(path);
        using (response)
        {
            AssertUnavailable(path, status, body, response);
            Assert.DoesNotContain(host.DataDir, body, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("/api/v3/traces/")]
    [InlineData("/api/traces/")]
    public async Task A_trace_with_more_spans_than_the_read_limit_gets_422_naming_the_setting(string route)
    {
        var trace = Otlp.NewTraceId();
        await using var host = await QueryHost.StartAsync(
            Policies.Merge(Open(), new() { ["Storage:Embedded:Reader:MaxSpansPerRead"] = "2" }),
            new Dictionary<string, IReadOnlyList<ResourceSpans>> { [TenantName.Default] = [Otlp.ResourceSpans("cart", Otlp.Span(trace), Otlp.Span(trace), Otlp.Span(trace))] });

        var (status, body, response) = await host.GetAsync(route + trace);
        response.Dispose();

        Assert.Equal(HttpStatusCode.UnprocessableEntity, status);
        Assert.Contains("Storage:Embedded:Reader:MaxSpansPerRead", body, StringComparison.Ordinal);
    }

    private static void AssertUnavailable(string path, HttpStatusCode status, string body, HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        var json = JsonNode.Parse(body)!;
        var (code, message) = path.StartsWith("/api/v3/", StringComparison.Ordinal)
            ? (json["error"]!["httpCode"]!.GetValue<int>(), json["error"]!["message"]!.GetValue<string>())
            : (json["errors"]![0]!["code"]!.GetValue<int>(), json["errors"]![0]!["msg"]!.GetValue<string>());
        Assert.Equal((503, "The trace storage is unavailable; try again shortly. The query service's log says why."), (code, message));
    }

    private static Dictionary<string, string?> Open() => new() { ["Query:Authentication:Mode"] = "none" };
}
