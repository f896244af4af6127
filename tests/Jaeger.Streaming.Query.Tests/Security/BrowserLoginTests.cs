using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Jaeger.Streaming.Query.Boundary.Authentication;
using Jaeger.Streaming.Query.Tests.Http;
using Jaeger.Streaming.Testing.Oidc;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>B4 browser login (Query:Ui:Login): the UI's code, with its PKCE verifier, exchanged at the issuer by the service.</summary>
public sealed class BrowserLoginTests(TestIssuer issuer) : IClassFixture<TestIssuer>
{
    private const string Verifier = "a-pkce-verifier-of-at-least-43-characters-0123456789";

    [Fact]
    public async Task Without_a_client_id_the_ui_is_told_there_is_no_login()
    {
        await using var host = await QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), issuer.Settings()));

        var (status, body, response) = await host.GetAsync("/ui/login");
        response.Dispose();

        Assert.Equal((HttpStatusCode.OK, false), (status, JsonNode.Parse(body)!["enabled"]!.GetValue<bool>()));
    }

    [Fact]
    public async Task The_ui_learns_the_issuers_authorization_endpoint_and_the_exchanged_code_gives_a_token_the_api_accepts()
    {
        await using var host = await StartAsync();

        var (_, described, response) = await host.GetAsync("/ui/login");
        response.Dispose();
        var login = JsonNode.Parse(described)!;
        var code = await CodeAsync(host, login["authorizationEndpoint"]!.GetValue<string>(), Challenge(Verifier));
        using var exchanged = await ExchangeAsync(host, code, Verifier, Callback(host));
        var token = (await exchanged.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["accessToken"]!.GetValue<string>();
        var (api, _, apiResponse) = await host.GetAsync("/api/v3/services", token);
        apiResponse.Dispose();

        Assert.Equal((TestIssuer.ClientId, "openid profile"), (login["clientId"]!.GetValue<string>(), login["scope"]!.GetValue<string>()));
        Assert.Equal("no-store", exchanged.Headers.CacheControl?.ToString());
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (exchanged.StatusCode, api));
    }

    [Fact]
    public async Task A_code_with_the_wrong_verifier_is_refused_with_the_issuers_reason()
    {
        await using var host = await StartAsync();
        var code = await CodeAsync(host, $"{issuer.Authority}/protocol/openid-connect/auth", Challenge(Verifier));

        using var refused = await ExchangeAsync(host, code, Verifier.Replace('a', 'b'), Callback(host));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("the issuer refused the login: invalid_grant: PKCE verification failed", await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string, string> BadExchanges => new()
    {
        { "", Verifier, "callback", "code is missing" },
        { "abc", "too-short", "callback", "codeVerifier must be 43 to 128 characters" },
        { "abc", Verifier + " ", "callback", "codeVerifier must be 43 to 128 characters" },
        { "abc", Verifier, "https://evil.example/login-callback", "redirectUri must be this service's callback" },
        { "abc", Verifier, "callback?next=https://evil.example", "redirectUri must be this service's callback" },
    };

    [Theory]
    [MemberData(nameof(BadExchanges))]
    public async Task A_malformed_exchange_gets_400_saying_what_is_wrong(string code, string verifier, string redirect, string message)
    {
        await using var host = await StartAsync();

        using var refused = await ExchangeAsync(host, code, verifier, redirect.StartsWith("callback", StringComparison.Ordinal) ? Callback(host) + redirect["callback".Length..] : redirect);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains(message, await refused.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>The exchange is anonymous: a body that is not one gets a 400, never a 500.</summary>
    [Theory]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"code":"\ud800","codeVerifier":"x","redirectUri":"y"}""")]
    [InlineData("""{"code":7}""")]
    public async Task A_body_that_is_not_an_exchange_gets_400(string body)
    {
        await using var host = await StartAsync();

        using var content = new StringContent(body, Encoding.UTF8, "application/json");
        using var refused = await host.Api.PostAsync("/ui/login/token", content, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
    }

    /// <summary>Each exchange is a request to the issuer on an anonymous caller's behalf, so one address gets only so many.</summary>
    [Fact]
    public async Task Exchanges_beyond_the_per_address_rate_get_429_with_retry_after()
    {
        await using var host = await StartAsync(exchangesPerMinute: 2);

        using var first = await ExchangeAsync(host, "not-a-code-1", Verifier, Callback(host));
        using var second = await ExchangeAsync(host, "not-a-code-2", Verifier, Callback(host));
        using var third = await ExchangeAsync(host, "not-a-code-3", Verifier, Callback(host));

        Assert.Contains("the issuer refused the login", await second.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests), (first.StatusCode, second.StatusCode, third.StatusCode));
        Assert.InRange(third.Headers.RetryAfter!.Delta!.Value.TotalSeconds, 1, 30);
        Assert.Contains("Query:Ui:Login:ExchangesPerMinute", await third.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    /// <summary>Behind a trusted proxy every client shares the proxy's address; the limit must still count each on its own.</summary>
    [Fact]
    public async Task Behind_a_trusted_proxy_each_forwarded_client_has_its_own_exchange_rate()
    {
        await using var host = await StartAsync(exchangesPerMinute: 1, new() { ["Query:ForwardedHeaders:TrustedProxies:0"] = "127.0.0.1" });

        using var first = await ExchangeAsync(host, "not-a-code-1", Verifier, Callback(host), forwardedFor: "203.0.113.1");
        using var again = await ExchangeAsync(host, "not-a-code-2", Verifier, Callback(host), forwardedFor: "203.0.113.1");
        using var other = await ExchangeAsync(host, "not-a-code-3", Verifier, Callback(host), forwardedFor: "203.0.113.2");

        Assert.Equal((HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.BadRequest), (first.StatusCode, again.StatusCode, other.StatusCode));
    }

    /// <summary>
    /// An IPv6 subscriber holds at least a /64 and could take a fresh bucket with each address in it; an IPv4 client is
    /// the same client whether a dual-stack socket reports it mapped or not.
    /// </summary>
    [Theory]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:2:ffff::9", true)]
    [InlineData("2001:db8:1:2::1", "2001:db8:1:3::1", false)]
    [InlineData("::ffff:203.0.113.7", "203.0.113.7", true)]
    [InlineData("203.0.113.7", "203.0.113.8", false)]
    public async Task Exchanges_share_one_rate_per_ipv4_address_and_per_ipv6_64(string first, string second, bool shared)
    {
        await using var host = await StartAsync(exchangesPerMinute: 1, new() { ["Query:ForwardedHeaders:TrustedProxies:0"] = "127.0.0.1" });

        using var one = await ExchangeAsync(host, "not-a-code-1", Verifier, Callback(host), forwardedFor: first);
        using var two = await ExchangeAsync(host, "not-a-code-2", Verifier, Callback(host), forwardedFor: second);

        Assert.Equal((HttpStatusCode.BadRequest, shared ? HttpStatusCode.TooManyRequests : HttpStatusCode.BadRequest), (one.StatusCode, two.StatusCode));
    }

    /// <summary>
    /// A proxy that rewrites Host (nginx sends the upstream's name unless told otherwise) forwards the host the browser
    /// addressed in X-Forwarded-Host. From a trusted proxy the callback is checked against it, so the code goes on to
    /// the issuer (which refuses this made-up one); from a peer not trusted the header is ignored.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_callback_is_checked_against_the_host_a_trusted_proxy_forwarded(bool trusted)
    {
        await using var host = await StartAsync(settings: trusted ? new() { ["Query:ForwardedHeaders:TrustedProxies:0"] = "127.0.0.1" } : null);

        using var exchanged = await ExchangeAsync(host, "not-a-code", Verifier, "https://jaeger.example.com/login-callback", forwardedHost: "jaeger.example.com");
        var answer = await exchanged.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, exchanged.StatusCode);
        Assert.Equal(!trusted, answer.Contains("redirectUri must be this service's callback", StringComparison.Ordinal));
        Assert.Equal(trusted, answer.Contains("the issuer refused the login", StringComparison.Ordinal));
    }

    /// <summary>Under Query:BasePath the UI's callback is the one under it; the root's would be another page.</summary>
    [Fact]
    public async Task Under_a_base_path_the_code_is_exchanged_for_the_callback_under_it_only()
    {
        await using var host = await StartAsync(settings: new() { ["Query:BasePath"] = "/jaeger" });
        var callback = $"http://127.0.0.1:{host.Port}/jaeger/login-callback";
        var code = await CodeAsync(host, $"{issuer.Authority}/protocol/openid-connect/auth", Challenge(Verifier), callback);

        using var atRoot = await ExchangeAsync(host, code, Verifier, Callback(host), basePath: "/jaeger");
        using var exchanged = await ExchangeAsync(host, code, Verifier, callback, basePath: "/jaeger");
        var token = (await exchanged.Content.ReadFromJsonAsync<JsonObject>(TestContext.Current.CancellationToken))!["accessToken"]!.GetValue<string>();
        var (api, _, apiResponse) = await host.GetAsync("/jaeger/api/v3/services", token);
        apiResponse.Dispose();

        Assert.Equal(HttpStatusCode.BadRequest, atRoot.StatusCode);
        Assert.Contains($"redirectUri must be this service's callback, http(s)://127.0.0.1:{host.Port}/jaeger/login-callback", await atRoot.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (exchanged.StatusCode, api));
    }

    [Fact]
    public void An_exchange_rate_below_one_stops_the_start_naming_the_key()
    {
        var authentication = Options.Create(new AuthenticationOptions { Mode = "jwt", Jwt = { Authority = "https://issuer.example" } });

        var result = new BrowserLoginOptionsValidator(authentication).Validate(null, new BrowserLoginOptions { ClientId = TestIssuer.ClientId, ExchangesPerMinute = 0 });

        Assert.Equal("Query:Ui:Login:ExchangesPerMinute is 0; it must be at least 1.", result.FailureMessage);
    }

    [Fact]
    public void A_client_id_without_a_jwt_issuer_stops_the_start_naming_the_key()
    {
        var authentication = Options.Create(new AuthenticationOptions { Mode = "tokens" });

        var result = new BrowserLoginOptionsValidator(authentication).Validate(null, new BrowserLoginOptions { ClientId = TestIssuer.ClientId });

        Assert.Contains("Query:Ui:Login:ClientId is set, but logging in needs the issuer", result.FailureMessage, StringComparison.Ordinal);
    }

    private Task<QueryHost> StartAsync(int exchangesPerMinute = 10, Dictionary<string, string?>? settings = null)
    {
        issuer.LoginUser = ("alice", ["viewer"], "acme");
        return QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), issuer.Settings(), new()
        {
            ["Query:Ui:Login:ClientId"] = TestIssuer.ClientId,
            ["Query:Ui:Login:Scopes"] = "openid profile",
            ["Query:Ui:Login:ExchangesPerMinute"] = exchangesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, settings ?? []));
    }

    private static string Callback(QueryHost host) => $"http://127.0.0.1:{host.Port}/login-callback";

    private static string Challenge(string verifier) => Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    /// <summary>What a browser does at the issuer: asks for a code and follows the redirect only as far as reading it.</summary>
    private static async Task<string> CodeAsync(QueryHost host, string authorizationEndpoint, string challenge, string? callback = null)
    {
        callback ??= Callback(host);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        var url = $"{authorizationEndpoint}?response_type=code&client_id={TestIssuer.ClientId}&redirect_uri={Uri.EscapeDataString(callback)}&scope=openid&state=s1&code_challenge={challenge}&code_challenge_method=S256";
        using var response = await browser.GetAsync(url, TestContext.Current.CancellationToken);
        var location = response.Headers.Location!;
        Assert.StartsWith(callback, location.ToString(), StringComparison.Ordinal);
        return System.Web.HttpUtility.ParseQueryString(location.Query)["code"]!;
    }

    private static async Task<HttpResponseMessage> ExchangeAsync(
        QueryHost host, string code, string verifier, string redirectUri, string? forwardedFor = null, string? forwardedHost = null, string basePath = "")
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{basePath}/ui/login/token") { Content = JsonContent.Create(new { code, codeVerifier = verifier, redirectUri }) };
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        if (forwardedHost is not null)
        {
            request.Headers.Add("X-Forwarded-Host", forwardedHost);
        }

        return await host.Api.SendAsync(request, TestContext.Current.CancellationToken);
    }
}
