using System.Net;
using System.Text.Json.Nodes;
using Jaeger.Streaming.Query.Tests.Http;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>
/// The audit log: exactly one JSON line per API call, allowed or denied, with who, which tenant and roles, what was
/// asked (attribute keys, never their values), the result and the status, in a file of its own.
/// </summary>
public sealed class AuditTests(SecuredQuery query) : IClassFixture<SecuredQuery>
{
    private const string Secret = "s3cr3t-value-4711";

    [Fact]
    public async Task Search_is_audited_once_with_attribute_keys_and_no_attribute_values()
    {
        var path = query.Traces.Expand($"/api/v3/traces?query.serviceName=checkout&{{v3window}}&query.attributes={Uri.EscapeDataString($"{{\"user.email\":\"{Secret}\",\"http.route\":\"/cart\"}}")}");

        var line = await AuditedAsync(path, query.TokenOf("checkout"));

        Assert.Equal("carol", (string?)line["subject"]);
        Assert.Equal("acme", (string?)line["tenant"]);
        Assert.Equal(["checkout-team"], line["roles"]!.AsArray().Select(r => (string)r!));
        Assert.Equal("GET", (string?)line["method"]);
        Assert.Equal("/api/v3/traces", (string?)line["route"]);
        Assert.Equal("checkout", (string?)line["parameters"]!["service"]);
        Assert.Equal(["http.route", "user.email"], line["parameters"]!["attributeKeys"]!.AsArray().Select(k => (string)k!));
        Assert.Equal(404, (int)line["status"]!);
        Assert.Equal("allowed", (string?)line["outcome"]);
        Assert.Equal(0, (int)line["resultCount"]!);
        Assert.Equal("127.0.0.1", (string?)line["clientAddress"]);
        Assert.DoesNotContain(Secret, line.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain("/cart", line.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Legacy_tag_values_are_not_audited_either()
    {
        var path = query.Traces.Expand($"/api/traces?service=checkout&{{window}}&tag=user.email:{Secret}&tags={Uri.EscapeDataString($"{{\"card\":\"{Secret}\"}}")}");

        var line = await AuditedAsync(path, query.TokenOf("checkout"));

        Assert.Equal(["card", "user.email"], line["parameters"]!["attributeKeys"]!.AsArray().Select(k => (string)k!));
        Assert.DoesNotContain(Secret, line.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Trace_read_is_audited_with_its_result_and_withheld_count()
    {
        var line = await AuditedAsync($"/api/v3/traces/{query.Traces.Mixed}", query.TokenOf("checkout"));

        Assert.Equal("/api/v3/traces/{traceId}", (string?)line["route"]);
        Assert.Equal([query.Traces.Mixed.ToString()], line["parameters"]!["traceIds"]!.AsArray().Select(t => (string)t!));
        Assert.Equal((200, 1, 1), ((int)line["status"]!, (int)line["resultCount"]!, (int)line["withheldSpans"]!));
    }

    [Fact]
    public async Task Request_without_a_token_is_audited_as_denied()
    {
        var line = await AuditedAsync("/api/services", token: null);

        Assert.Equal((401, "denied"), ((int)line["status"]!, (string?)line["outcome"]));
        Assert.Null(line["subject"]);
        Assert.StartsWith("a bearer token is required", (string?)line["reason"], StringComparison.Ordinal);
        Assert.Null(line["resultCount"]);
    }

    [Fact]
    public async Task Forbidden_service_is_audited_as_denied_with_the_caller_and_the_reason()
    {
        var line = await AuditedAsync("/api/services/payments/operations", query.TokenOf("checkout"));

        Assert.Equal((403, "denied", "carol", "acme"), ((int)line["status"]!, (string?)line["outcome"], (string?)line["subject"], (string?)line["tenant"]));
        Assert.Equal("payments", (string?)line["parameters"]!["service"]);
        Assert.Equal("service 'payments' is not permitted in tenant 'acme'", (string?)line["reason"]);
    }

    [Fact]
    public async Task Static_token_caller_is_audited_by_its_name()
    {
        var line = await AuditedAsync("/api/v3/services", query.TokenOf("ci-bot"));

        Assert.Equal(("ci-bot", 2), ((string?)line["subject"], (int)line["resultCount"]!));
    }

    [Fact]
    public async Task Audit_line_never_holds_the_token()
    {
        var token = query.TokenOf("checkout");

        var line = await AuditedAsync("/api/v3/services", token);

        Assert.DoesNotContain(token.Split('.')[2], line.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Audit_cannot_be_turned_off_while_authentication_is_on()
    {
        var settings = Policies.Merge(Policies.Rbac(), query.Issuer.Settings(), new() { ["Query:Audit:Enabled"] = "false" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => QueryHost.StartAsync(settings));

        Assert.Contains("Query:Audit:Enabled is false while Query:Authentication:Mode is 'jwt'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Sends one request and returns the one audit line with its request id, checking no other line appeared.</summary>
    [Fact]
    public async Task A_forwarded_for_header_from_a_peer_not_trusted_is_not_taken_as_the_client_address()
    {
        var line = await AuditedAsync(query.Traces.Expand("/api/v3/services"), query.TokenOf("checkout"), ForwardedFor("203.0.113.7"));

        Assert.Equal("127.0.0.1", (string?)line["clientAddress"]);
    }

    /// <summary>Behind a chain of trusted proxies the line names the first address no trusted proxy vouches for.</summary>
    [Fact]
    public async Task Audit_line_names_the_client_that_trusted_proxies_forwarded()
    {
        await using var behindProxies = await QueryHost.StartAsync(
            Policies.Merge(Policies.Rbac(), query.Issuer.Settings("jwt"), new()
            {
                ["Query:ForwardedHeaders:TrustedProxies:0"] = "127.0.0.1",
                ["Query:ForwardedHeaders:TrustedProxies:1"] = "10.0.0.0/8",
            }),
            query.Traces.ByTenant);

        var line = await AuditedAsync(behindProxies, query.Traces.Expand("/api/v3/services"), query.TokenOf("checkout"), ForwardedFor("203.0.113.7, 10.1.2.3"));

        Assert.Equal("203.0.113.7", (string?)line["clientAddress"]);
    }

    [Fact]
    public async Task An_ipv4_client_of_a_listener_on_every_interface_is_named_in_ipv4_form()
    {
        await using var everyInterface = await QueryHost.StartAsync(
            Policies.Merge(Policies.Rbac(), query.Issuer.Settings("jwt"), new() { ["Query:ListenAddress"] = "any" }),
            query.Traces.ByTenant);

        var line = await AuditedAsync(everyInterface, query.Traces.Expand("/api/v3/services"), query.TokenOf("checkout"));

        Assert.Equal("127.0.0.1", (string?)line["clientAddress"]);
    }

    private static Dictionary<string, string> ForwardedFor(string addresses) => new() { ["X-Forwarded-For"] = addresses };

    private Task<JsonObject> AuditedAsync(string path, string? token, IReadOnlyDictionary<string, string>? headers = null) =>
        AuditedAsync(query.Host, path, token, headers);

    private static async Task<JsonObject> AuditedAsync(QueryHost host, string path, string? token, IReadOnlyDictionary<string, string>? headers = null)
    {
        var before = host.AuditLines().Count;
        var (_, _, response) = await host.GetAsync(path, token, headers);
        var requestId = response.Headers.GetValues("X-Request-Id").Single();
        response.Dispose();

        // The line is written before the response ends; the wait only guards against a slow disk.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (host.AuditLines().Count == before && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
        }

        var lines = host.AuditLines();
        Assert.Equal(before + 1, lines.Count);
        var line = Assert.Single(lines, l => (string?)l["requestId"] == requestId);
        Assert.True(DateTimeOffset.TryParse((string?)line["timestamp"], out _));
        return line;
    }
}
