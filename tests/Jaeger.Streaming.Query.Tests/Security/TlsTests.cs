using System.Net;
using Jaeger.Streaming.Query.Tests.Http;

namespace Jaeger.Streaming.Query.Tests.Security;

/// <summary>TLS on the API port (16686), with optional client certificates; the admin port stays plaintext for probes.</summary>
public sealed class TlsTests : IDisposable
{
    private readonly TestCertificates _certificates = new();

    [Fact]
    public async Task Api_answers_over_tls_and_the_admin_port_stays_plaintext()
    {
        await using var host = await StartAsync(mtls: false, _certificates.Handler(withClientCertificate: false));

        using var api = await host.Api.GetAsync("/api/v3/services", TestContext.Current.CancellationToken);
        using var admin = await host.Admin.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (api.StatusCode, admin.StatusCode));
    }

    [Fact]
    public async Task Plaintext_request_to_the_tls_port_gets_no_answer()
    {
        await using var host = await StartAsync(mtls: false, _certificates.Handler(withClientCertificate: false));
        using var plain = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{host.Port}") };

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => plain.GetAsync("/api/v3/services", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Mtls_accepts_a_client_certificate_from_the_configured_ca()
    {
        await using var host = await StartAsync(mtls: true, _certificates.Handler(withClientCertificate: true));

        using var response = await host.Api.GetAsync("/api/v3/services", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Mtls_refuses_a_client_without_a_certificate()
    {
        await using var host = await StartAsync(mtls: true, _certificates.Handler(withClientCertificate: false));

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => host.Api.GetAsync("/api/v3/services", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Require_tls_without_a_certificate_stops_the_start_naming_the_key()
    {
        var error = await Assert.ThrowsAsync<Microsoft.Extensions.Options.OptionsValidationException>(() => QueryHost.StartAsync(new Dictionary<string, string?>
        {
            ["Query:Authentication:Mode"] = "none",
            ["Query:Tls:RequireTls"] = "true",
        }));

        Assert.Contains("Query:Tls:RequireTls is true but Query:Tls:CertificatePath is empty", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _certificates.Dispose();

    private Task<QueryHost> StartAsync(bool mtls, HttpMessageHandler handler) =>
        QueryHost.StartAsync(
            new Dictionary<string, string?>
            {
                ["Query:Authentication:Mode"] = "none",
                ["Query:Tls:CertificatePath"] = _certificates.ServerCertificatePath,
                ["Query:Tls:KeyPath"] = _certificates.ServerKeyPath,
                ["Query:Tls:RequireTls"] = "true",
                ["Query:Tls:ClientCaPath"] = mtls ? _certificates.CaPath : "",
                ["Query:Tls:RequireClientCertificate"] = mtls ? "true" : "false",
            },
            scheme: "https",
            handler: handler);
}
