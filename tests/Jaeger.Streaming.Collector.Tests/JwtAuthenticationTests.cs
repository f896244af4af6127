using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>JWT producer credentials against a static EC public key (issue 3, item 2) or a JWKS file, tokens minted in the test.</summary>
public sealed class JwtAuthenticationTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test";
    private const string Audience = "jaeger-collector";

    private readonly SpanTopic _topic = new();
    private readonly ECDsa _signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly DirectoryInfo _keys = Directory.CreateTempSubdirectory("collector-jwt-");
    private CollectorHost _collector = null!;

    public async ValueTask InitializeAsync()
    {
        var publicKey = Path.Combine(_keys.FullName, "issuer.pem");
        File.WriteAllText(publicKey, _signingKey.ExportSubjectPublicKeyInfoPem());
        _collector = await CollectorHost.StartAsync(_topic.BootstrapServers, new Dictionary<string, string?>
        {
            ["Collector:Authentication:Jwt:SigningKeyPath"] = publicKey,
            ["Collector:Authentication:Jwt:Issuer"] = Issuer,
            ["Collector:Authentication:Jwt:Audience"] = Audience,
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        _topic.Dispose();
        _signingKey.Dispose();
        _keys.Delete(recursive: true);
    }

    [Fact]
    public async Task Valid_jwt_is_accepted_and_its_tenant_written_to_x_tenant()
    {
        var traceId = Otlp.NewTraceId();

        using var response = await PostAsync(Otlp.Request(Otlp.ResourceSpans("A", Otlp.Span(traceId))), Token(_signingKey));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("team-jwt", Encoding.UTF8.GetString(Assert.Single(_topic.ReadTrace(traceId)).Message.Headers.GetLastBytes(SpanRecordContract.TenantHeader)));
    }

    [Fact]
    public async Task Jwt_with_a_bad_signature_gets_401()
    {
        using var impostor = ECDsa.Create(ECCurve.NamedCurves.nistP256);

        using var response = await PostAsync(Request(), Token(impostor));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Expired_jwt_gets_401()
    {
        using var response = await PostAsync(Request(), Token(_signingKey, expires: DateTime.UtcNow.AddMinutes(-5)));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Jwt_for_another_audience_gets_UNAUTHENTICATED_on_grpc()
    {
        var error = await Assert.ThrowsAsync<RpcException>(async () => await _collector.Grpc.ExportAsync(
            Request(),
            new Metadata { { "authorization", $"Bearer {Token(_signingKey, audience: "someone-else")}" } },
            cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(StatusCode.Unauthenticated, error.StatusCode);
    }

    [Fact]
    public async Task Jwt_services_claim_limits_the_services_it_may_write()
    {
        var request = Otlp.Request(Otlp.ResourceSpans("A", Otlp.Span(Otlp.NewTraceId())), Otlp.ResourceSpans("C", Otlp.Span(Otlp.NewTraceId())));

        using var response = await PostAsync(request, Token(_signingKey, services: ["A", "B"]));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).PartialSuccess.RejectedSpans);
    }

    [Fact]
    public async Task Jwks_rotated_in_place_is_trusted_without_a_restart_and_the_retired_key_is_refused()
    {
        using var retiring = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var rotated = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwks = Path.Combine(_keys.FullName, "issuer-jwks.json");
        WriteJwks(jwks, (retiring, "k1"));
        await using var collector = await StartWithJwksAsync(jwks);
        var before = await StatusAsync(collector, Token(retiring, keyId: "k1"));

        WriteJwks(jwks, (rotated, "k2"));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized),
            (before, await StatusAsync(collector, Token(rotated, keyId: "k2")), await StatusAsync(collector, Token(retiring, keyId: "k1"))));
    }

    [Fact]
    public async Task Jwks_that_no_longer_loads_keeps_the_previous_keys_until_a_good_one_replaces_it()
    {
        using var first = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var next = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var jwks = Path.Combine(_keys.FullName, "issuer-jwks.json");
        WriteJwks(jwks, (first, "k1"));
        await using var collector = await StartWithJwksAsync(jwks);

        SecretFiles.Rewrite(jwks, """{"keys":[{"kty":"EC","crv":"P-256","x":""");
        var halfWritten = await StatusAsync(collector, Token(first, keyId: "k1"));
        SecretFiles.Rewrite(jwks, """{"keys":[]}""");
        var empty = await StatusAsync(collector, Token(first, keyId: "k1"));
        WriteJwks(jwks, (next, "k2"));

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK),
            (halfWritten, empty, await StatusAsync(collector, Token(next, keyId: "k2"))));
    }

    public static TheoryData<string, string, string> UnusableJwtSettings => new()
    {
        { "JwksPath", """{"keys":[]}""", "Collector:Authentication:Jwt:JwksPath '{0}' could not be loaded: it holds no key usable for signatures" },
        { "SigningKeyPath", "private", "Collector:Authentication:Jwt:SigningKeyPath '{0}' could not be loaded: the PEM block is a 'PRIVATE KEY', not a 'PUBLIC KEY'" },
        { "ReloadInterval", "-00:00:01", "Collector:Authentication:Jwt:ReloadInterval -00:00:01 is negative" },
    };

    [Theory]
    [MemberData(nameof(UnusableJwtSettings))]
    public void Unusable_jwt_key_settings_are_refused_at_start_naming_the_key(string key, string value, string message)
    {
        var file = Path.Combine(_keys.FullName, "key-under-test");
        File.WriteAllText(file, value == "private" ? _signingKey.ExportPkcs8PrivateKeyPem() : value);
        var jwt = new JwtOptions { SigningKeyPath = key == "JwksPath" ? "" : file, JwksPath = key == "JwksPath" ? file : "", Issuer = Issuer, Audience = Audience };
        if (key == "ReloadInterval")
        {
            File.WriteAllText(file, _signingKey.ExportSubjectPublicKeyInfoPem());
            jwt.ReloadInterval = TimeSpan.Parse(value, System.Globalization.CultureInfo.InvariantCulture);
        }

        var result = new AuthenticationOptionsValidator().Validate(null, new AuthenticationOptions { Jwt = jwt });

        Assert.Contains(string.Format(System.Globalization.CultureInfo.InvariantCulture, message, file), result.FailureMessage, StringComparison.Ordinal);
    }

    private async Task<CollectorHost> StartWithJwksAsync(string jwks) => await CollectorHost.StartAsync(_topic.BootstrapServers, new Dictionary<string, string?>
    {
        ["Collector:Authentication:Jwt:JwksPath"] = jwks,
        ["Collector:Authentication:Jwt:ReloadInterval"] = "00:00:00",
        ["Collector:Authentication:Jwt:Issuer"] = Issuer,
        ["Collector:Authentication:Jwt:Audience"] = Audience,
    });

    private static async Task<HttpStatusCode> StatusAsync(CollectorHost collector, string token)
    {
        using var response = await collector.PostProtobufAsync(Request(), headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", token));
        return response.StatusCode;
    }

    private static void WriteJwks(string path, params (ECDsa Key, string Id)[] keys) => SecretFiles.Rewrite(path, JsonSerializer.Serialize(new
    {
        keys = keys.Select(key => JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(key.Key) { KeyId = key.Id }))
            .Select(jwk => new { kty = jwk.Kty, crv = jwk.Crv, x = jwk.X, y = jwk.Y, kid = jwk.Kid, use = "sig", alg = "ES256" }),
    }));

    private static string Token(ECDsa key, DateTime? expires = null, string audience = Audience, string[]? services = null, string? keyId = null)
    {
        var claims = new Dictionary<string, object> { ["tenant"] = "team-jwt" };
        if (services is not null)
        {
            claims["services"] = services;
        }

        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            NotBefore = (expires ?? now.AddMinutes(5)).AddMinutes(-10),
            IssuedAt = (expires ?? now.AddMinutes(5)).AddMinutes(-10),
            Expires = expires ?? now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key) { KeyId = keyId }, SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static ExportTraceServiceRequest Request() => ServiceRequests.Of("A");

    private Task<HttpResponseMessage> PostAsync(ExportTraceServiceRequest request, string token) =>
        _collector.PostProtobufAsync(request, headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", token));
}
