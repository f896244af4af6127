using Jaeger.Streaming.Query.Boundary.Authentication;
using Jaeger.Streaming.Query.Boundary.Authorization;
using Jaeger.Streaming.Query.Boundary.Proxies;
using Jaeger.Streaming.Query.Tests.Http;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>B4 settings are checked at start; a bad one stops the process with a message naming the key and the fix.</summary>
public sealed class BoundaryOptionsTests
{
    [Fact]
    public async Task Without_an_authentication_mode_the_service_refuses_to_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => QueryHost.StartAsync(new Dictionary<string, string?>()));

        Assert.Contains("Query:Authentication:Mode is not set; use 'jwt', 'tokens', 'jwt,tokens', or 'none'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mode_none_starts_with_a_warning_that_the_api_is_open()
    {
        var logs = new LogCapture();
        await using var host = await QueryHost.StartAsync(
            new Dictionary<string, string?> { ["Query:Authentication:Mode"] = "none" },
            configure: b => b.Services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(logs));

        Assert.Contains(logs.Warnings, w => w.StartsWith("Query:Authentication:Mode is 'none': anyone who reaches the query API reads every trace", StringComparison.Ordinal));
        Assert.Contains(logs.Warnings, w => w.StartsWith($"Query API on port {host.Port} serves PLAINTEXT", StringComparison.Ordinal));
    }

    public static TheoryData<string, string, string> BadAuthentication => new()
    {
        { "Mode", "basic", "Query:Authentication:Mode 'basic' is not a mode" },
        { "Mode", "none,jwt", "'none' cannot be combined" },
        { "Jwt:Audience", "", "Query:Authentication:Jwt:Audience is required" },
        { "Jwt:Authority", "http://issuer.example/realms/x", "is plain HTTP, where the signing keys could be swapped in transit" },
        { "Jwt:Authority", "not a url", "is not an absolute http(s) URL" },
        { "Jwt:ClockSkew", "01:00:00", "Query:Authentication:Jwt:ClockSkew 01:00:00 is out of range" },
        { "Jwt:ReloadInterval", "-00:00:01", "Query:Authentication:Jwt:ReloadInterval -00:00:01 is negative" },
        { "Jwt:RolesClaim", " ", "Query:Authentication:Jwt:RolesClaim is empty" },
    };

    [Theory]
    [MemberData(nameof(BadAuthentication))]
    public void Bad_jwt_setting_is_refused_naming_the_key(string key, string value, string message)
    {
        var options = new AuthenticationOptions
        {
            Mode = "jwt",
            Jwt = { Authority = "https://issuer.example/realms/x", Audience = "jaeger-query" },
        };
        Set(options, key, value);

        var result = new AuthenticationOptionsValidator().Validate(null, options);

        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Jwt_needs_exactly_one_key_source()
    {
        var options = new AuthenticationOptions { Mode = "jwt", Jwt = { Audience = "jaeger-query" } };

        var result = new AuthenticationOptionsValidator().Validate(null, options);

        Assert.Contains("Query:Authentication:Jwt needs exactly one key source", result.FailureMessage, StringComparison.Ordinal);
    }

    public static TheoryData<string, string, string> UnusableKeyFiles => new()
    {
        { "JwksPath", """{"keys":[]}""", "Query:Authentication:Jwt:JwksPath '{0}' could not be loaded (it holds no key usable for signatures)" },
        { "JwksPath", """{"keys":[{"kty":""", "Query:Authentication:Jwt:JwksPath '{0}' could not be loaded (IDX10805" },
        { "SigningKeyPath", "private", "Query:Authentication:Jwt:SigningKeyPath '{0}' could not be loaded (the PEM block is a 'PRIVATE KEY', not a 'PUBLIC KEY'" },
    };

    [Theory]
    [MemberData(nameof(UnusableKeyFiles))]
    public void Unusable_key_file_is_refused_at_start_naming_the_key(string key, string content, string message)
    {
        using var signer = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var file = Policies.TokenFile(content == "private" ? signer.ExportPkcs8PrivateKeyPem() : content);
        var options = new AuthenticationOptions { Mode = "jwt", Jwt = { Issuer = "https://issuer.example", Audience = "jaeger-query" } };
        if (key == "JwksPath")
        {
            options.Jwt.JwksPath = file;
        }
        else
        {
            options.Jwt.SigningKeyPath = file;
        }

        var result = new AuthenticationOptionsValidator().Validate(null, options);

        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, file), result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Short_static_token_is_refused()
    {
        var options = new AuthenticationOptions
        {
            Mode = "tokens",
            Tokens = { new StaticTokenOptions { Name = "ci", TokenPath = Policies.TokenFile("short"), Roles = { "viewer" } } },
        };

        var result = new AuthenticationOptionsValidator().Validate(null, options);

        Assert.Contains("Query:Authentication:Tokens:0:TokenPath", result.FailureMessage, StringComparison.Ordinal);
        Assert.Contains("a token needs at least 32", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Two_entries_sharing_a_token_are_refused_even_when_it_is_one_line_of_several()
    {
        var shared = new string('s', 40);
        var options = new AuthenticationOptions
        {
            Mode = "tokens",
            Tokens =
            {
                new StaticTokenOptions { Name = "ci", TokenPath = Policies.TokenFile(shared), Roles = { "viewer" } },
                new StaticTokenOptions { Name = "cron", TokenPath = Policies.TokenFile($"{new string('n', 40)}\n{shared}"), Roles = { "viewer" } },
            },
        };

        var result = new AuthenticationOptionsValidator().Validate(null, options);

        Assert.Contains("holds the same token as the entry 'ci'; give every caller its own token", result.FailureMessage, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> BadPolicies => new()
    {
        { "Tenants:0=Acme", "Query:Authorization:Tenants:0 'Acme' is not valid" },
        { "Roles:dev:Tenants:0=globex", "Query:Authorization:Roles:dev:Tenants names 'globex', which is not in Query:Authorization:Tenants" },
        { "Roles:dev:Services:0=", "Query:Authorization:Roles:dev:Services:0: a service pattern is empty" },
    };

    [Theory]
    [MemberData(nameof(BadPolicies))]
    public void Bad_rbac_policy_is_refused_naming_the_key(string setting, string message)
    {
        var policy = new AuthorizationOptions { Tenants = { "acme" } };
        policy.Roles["dev"] = new RoleGrant { Tenants = { "acme" }, Services = { "checkout" } };
        var (key, value) = (setting[..setting.IndexOf('=', StringComparison.Ordinal)], setting[(setting.IndexOf('=', StringComparison.Ordinal) + 1)..]);
        switch (key)
        {
            case "Tenants:0": policy.Tenants[0] = value; break;
            case "Roles:dev:Tenants:0": policy.Roles["dev"].Tenants[0] = value; break;
            default: policy.Roles["dev"].Services[0] = value; break;
        }

        var result = new AuthorizationOptionsValidator().Validate(null, policy);

        Assert.Contains(message, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Role_without_tenants_is_refused_rather_than_granted_everywhere()
    {
        var policy = new AuthorizationOptions();
        policy.Roles["dev"] = new RoleGrant { Services = { "checkout" } };

        var result = new AuthorizationOptionsValidator().Validate(null, policy);

        Assert.Contains("Query:Authorization:Roles:dev:Tenants is empty", result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("proxy.internal")]
    [InlineData("10.0.0.0/33")]
    public async Task A_trusted_proxy_that_is_not_an_address_or_network_stops_the_start_naming_the_entry(string proxy)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => QueryHost.StartAsync(new Dictionary<string, string?>
        {
            ["Query:Authentication:Mode"] = "none",
            ["Query:ForwardedHeaders:TrustedProxies:0"] = "10.0.0.5",
            ["Query:ForwardedHeaders:TrustedProxies:1"] = proxy,
        }));

        Assert.Contains($"Query:ForwardedHeaders:TrustedProxies:1 '{proxy}' is neither an IP address nor a network", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10.0.0.5")]
    [InlineData(" 192.168.0.0/16 ")]
    [InlineData("fd00::/8")]
    [InlineData("::1")]
    public void Addresses_and_networks_are_accepted_as_trusted_proxies(string proxy) =>
        Assert.True(new ForwardedHeadersSettingsValidator().Validate(null, new ForwardedHeadersSettings { TrustedProxies = [proxy] }).Succeeded);

    private static void Set(AuthenticationOptions options, string key, string value)
    {
        switch (key)
        {
            case "Mode": options.Mode = value; break;
            case "Jwt:Audience": options.Jwt.Audience = value; break;
            case "Jwt:Authority": options.Jwt.Authority = value; break;
            case "Jwt:ClockSkew": options.Jwt.ClockSkew = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case "Jwt:ReloadInterval": options.Jwt.ReloadInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            default: options.Jwt.RolesClaim = value; break;
        }
    }
}
