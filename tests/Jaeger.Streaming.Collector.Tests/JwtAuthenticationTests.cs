using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Grpc.Core;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>JWT producer credentials against a static EC public key (issue 3, item 2), tokens minted in the test.</summary>
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

    private static string Token(ECDsa key, DateTime? expires = null, string audience = Audience, string[]? services = null)
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
            SigningCredentials = new SigningCredentials(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256),
        });
    }

    private static ExportTraceServiceRequest Request() => ServiceRequests.Of("A");

    private Task<HttpResponseMessage> PostAsync(ExportTraceServiceRequest request, string token) =>
        _collector.PostProtobufAsync(request, headers => headers.Authorization = new AuthenticationHeaderValue("Bearer", token));
}
