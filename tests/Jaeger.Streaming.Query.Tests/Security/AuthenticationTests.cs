using System.Net;
using Jaeger.Streaming.Query.Tests.Http;
using Jaeger.Streaming.Testing;
using Jaeger.Streaming.Testing.Oidc;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>
/// B4 authentication: bearer JWTs validated against an OIDC issuer's discovery document and JWKS (served in the test),
/// static keys, and static API tokens. Every failure is a 401 before any data is read.
/// </summary>
public sealed class AuthenticationTests(TestIssuer issuer) : IClassFixture<TestIssuer>
{
    private const string Services = "/api/v3/services";
    private static readonly string CiToken = new('c', 40);

    [Fact]
    public async Task Valid_jwt_from_the_oidc_issuer_gets_200()
    {
        await using var host = await StartJwtAsync();

        var (status, _, response) = await host.GetAsync(Services, issuer.Token("alice", ["viewer"], "acme"));
        response.Dispose();

        Assert.Equal(HttpStatusCode.OK, status);
    }

    [Fact]
    public async Task Request_without_a_token_gets_401_with_a_bearer_challenge()
    {
        await using var host = await StartJwtAsync();

        var (status, body, response) = await host.GetAsync(Services);
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, status);
            Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
            Assert.Contains("bearer token is required", body, StringComparison.Ordinal);
        }
    }

    public static TheoryData<string, string> SpoiledTokens => new()
    {
        { "expired", "has expired" },
        { "wrong audience", "not for this audience" },
        { "wrong issuer", "issuer is not trusted" },
        { "bad signature", "signature does not verify" },
    };

    [Theory]
    [MemberData(nameof(SpoiledTokens))]
    public async Task Spoiled_jwt_gets_401_saying_what_is_wrong(string defect, string message)
    {
        await using var host = await StartJwtAsync();
        var token = defect switch
        {
            "expired" => issuer.Token("alice", ["viewer"], "acme", expires: DateTime.UtcNow.AddMinutes(-5)),
            "wrong audience" => issuer.Token("alice", ["viewer"], "acme", audience: "another-service"),
            "wrong issuer" => issuer.Token("alice", ["viewer"], "acme", issuer: "http://127.0.0.1:1/realms/evil"),
            _ => issuer.Token("alice", ["viewer"], "acme", signedByStranger: true),
        };

        var (status, body, response) = await host.GetAsync(Services, token);
        response.Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, status);
        Assert.Contains(message, body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unsigned_jwt_gets_401()
    {
        await using var host = await StartJwtAsync();
        var signed = issuer.Token("alice", ["viewer"], "acme");
        var unsigned = string.Join('.', Base64Url("{\"alg\":\"none\",\"typ\":\"JWT\"}"), signed.Split('.')[1], "");

        var (status, _, response) = await host.GetAsync(Services, unsigned);
        response.Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task Jwt_signed_by_a_static_public_key_file_gets_200_without_any_issuer_endpoint()
    {
        var keyPath = Policies.TokenFile(issuer.PublicKeyPem);
        await using var host = await QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), new()
        {
            ["Query:Authentication:Mode"] = "jwt",
            ["Query:Authentication:Jwt:SigningKeyPath"] = keyPath,
            ["Query:Authentication:Jwt:Issuer"] = issuer.Authority,
            ["Query:Authentication:Jwt:Audience"] = TestIssuer.Audience,
        }));

        var (good, _, r1) = await host.GetAsync(Services, issuer.Token("alice", ["viewer"], "acme"));
        var (forged, _, r2) = await host.GetAsync(Services, issuer.Token("alice", ["viewer"], "acme", signedByStranger: true));
        r1.Dispose();
        r2.Dispose();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Unauthorized), (good, forged));
    }

    [Fact]
    public async Task Signing_key_file_rotated_in_place_is_trusted_without_a_restart_and_the_retired_key_is_refused()
    {
        var keyPath = Policies.TokenFile(issuer.PublicKeyPem);
        await using var host = await QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), new()
        {
            ["Query:Authentication:Mode"] = "jwt",
            ["Query:Authentication:Jwt:SigningKeyPath"] = keyPath,
            ["Query:Authentication:Jwt:ReloadInterval"] = "00:00:00",
            ["Query:Authentication:Jwt:Issuer"] = issuer.Authority,
            ["Query:Authentication:Jwt:Audience"] = TestIssuer.Audience,
        }));
        var before = await StatusAsync(host, issuer.Token("alice", ["viewer"], "acme"));

        SecretFiles.Rewrite(keyPath, "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE");
        var halfWritten = await StatusAsync(host, issuer.Token("alice", ["viewer"], "acme"));
        SecretFiles.Rewrite(keyPath, issuer.StrangerPublicKeyPem);

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (before, halfWritten, await StatusAsync(host, issuer.Token("alice", ["viewer"], "acme", signedByStranger: true)), await StatusAsync(host, issuer.Token("alice", ["viewer"], "acme"))));
    }

    private static async Task<HttpStatusCode> StatusAsync(QueryHost host, string token)
    {
        var (status, _, response) = await host.GetAsync(Services, token);
        response.Dispose();
        return status;
    }

    [Fact]
    public async Task While_the_issuer_cannot_be_reached_a_jwt_gets_503_with_a_retry_delay_and_is_accepted_once_it_can_and_a_non_jwt_gets_401()
    {
        await using var unreachable = new TestIssuer();
        await using var host = await QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), unreachable.Settings()));
        var token = unreachable.Token("alice", ["viewer"], "acme");

        var (status, body, response) = await host.GetAsync(Services, token);
        var retryAfter = response.Headers.RetryAfter?.Delta;
        response.Dispose();
        var notAJwt = await StatusAsync(host, "not-a-jwt-0123456789");
        await unreachable.InitializeAsync();
        var afterwards = await IssuerReachable.FirstAnswerAsync(() => StatusAsync(host, token));

        Assert.Equal((HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(5)), (status, retryAfter));
        Assert.Contains("cannot fetch the token issuer's signing keys", body, StringComparison.Ordinal);
        Assert.Equal((HttpStatusCode.Unauthorized, HttpStatusCode.OK), (notAJwt, afterwards));
    }

    [Fact]
    public async Task Static_api_token_is_accepted_as_bearer_and_as_x_api_key()
    {
        await using var host = await StartTokensAsync();

        var (bearer, _, r1) = await host.GetAsync(Services, CiToken);
        var (apiKey, _, r2) = await host.GetAsync(Services, headers: new Dictionary<string, string> { ["X-API-Key"] = CiToken });
        r1.Dispose();
        r2.Dispose();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (bearer, apiKey));
    }

    [Fact]
    public async Task A_static_token_is_rotated_without_a_restart_by_listing_the_next_beside_it()
    {
        var next = new string('n', 40);
        var file = Policies.TokenFile(CiToken);
        await using var host = await QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), new() { ["Query:Authentication:Mode"] = "tokens" }, StaticToken(), new()
        {
            ["Query:Authentication:Tokens:0:TokenPath"] = file,
            ["Query:Authentication:ReloadInterval"] = "00:00:00",
        }));

        SecretFiles.Rewrite(file, $"{next}\n{CiToken}\n");
        var (bothCurrent, bothNext) = (await StatusAsync(host, CiToken), await StatusAsync(host, next));
        SecretFiles.Rewrite(file, "short");
        var tooShort = await StatusAsync(host, next);
        SecretFiles.Rewrite(file, next);

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK),
            (bothCurrent, bothNext, tooShort, await StatusAsync(host, CiToken), await StatusAsync(host, next)));
    }

    [Fact]
    public async Task Wrong_static_api_token_gets_401()
    {
        await using var host = await StartTokensAsync();

        var (status, _, response) = await host.GetAsync(Services, new string('d', 40));
        response.Dispose();

        Assert.Equal(HttpStatusCode.Unauthorized, status);
    }

    [Fact]
    public async Task With_both_modes_a_jwt_and_a_static_token_are_each_accepted()
    {
        await using var host = await QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), issuer.Settings("jwt,tokens"), StaticToken()));

        var (jwt, _, r1) = await host.GetAsync(Services, issuer.Token("alice", ["viewer"], "acme"));
        var (token, _, r2) = await host.GetAsync(Services, CiToken);
        r1.Dispose();
        r2.Dispose();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (jwt, token));
    }

    [Fact]
    public async Task Keycloak_realm_roles_are_read_through_a_dotted_claim_path()
    {
        await using var host = await QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), issuer.Settings(), new()
        {
            ["Query:Authentication:Jwt:RolesClaim"] = "realm_access.roles",
        }));
        var realmRole = issuer.Token("kim", tenant: "acme", claims: new Dictionary<string, object>
        {
            ["realm_access"] = new Dictionary<string, object> { ["roles"] = new[] { "offline_access", "checkout-team" } },
        });
        var topLevelRole = issuer.Token("kim", ["checkout-team"], "acme");

        var (granted, _, r1) = await host.GetAsync(Services, realmRole);
        var (ignored, _, r2) = await host.GetAsync(Services, topLevelRole);
        r1.Dispose();
        r2.Dispose();

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.Forbidden), (granted, ignored));
    }

    [Fact]
    public async Task Admin_port_needs_no_token_for_health()
    {
        await using var host = await StartJwtAsync();

        using var response = await host.Admin.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private Task<QueryHost> StartJwtAsync() => QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), issuer.Settings()));

    private static Task<QueryHost> StartTokensAsync() =>
        QueryHost.StartAsync(Policies.Merge(Policies.Rbac(), new() { ["Query:Authentication:Mode"] = "tokens" }, StaticToken()));

    private static Dictionary<string, string?> StaticToken() => new()
    {
        ["Query:Authentication:Tokens:0:Name"] = "ci-bot",
        ["Query:Authentication:Tokens:0:TokenPath"] = Policies.TokenFile(CiToken),
        ["Query:Authentication:Tokens:0:Tenant"] = "acme",
        ["Query:Authentication:Tokens:0:Roles:0"] = "checkout-team",
    };

    private static string Base64Url(string json) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
