using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;
using Jaeger.ApiV2;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Builder;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>TLS and mTLS on both OTLP listeners (issue 3, item 1) and the sampling gRPC listener, with a PKI generated in the test.</summary>
public sealed class TlsTests(SpanTopic topic) : IClassFixture<SpanTopic>, IDisposable
{
    private readonly TestCertificates _pki = new();
    private readonly List<IDisposable> _clients = [];

    [Fact]
    public async Task Http_over_tls_accepts_spans()
    {
        var server = _pki.WriteServer();
        await using var app = await StartAsync(server, mutual: false);

        using var response = await PostAsync(app.Ports.Http, client: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Grpc_over_tls_accepts_spans()
    {
        var server = _pki.WriteServer();
        await using var app = await StartAsync(server, mutual: false);

        var response = await Grpc(app.Ports.Grpc, client: null).ExportAsync(Request(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(response.PartialSuccess);
    }

    [Fact]
    public async Task Sampling_grpc_listener_serves_tls_with_the_otlp_certificate_and_refuses_plaintext()
    {
        var samplingGrpcPort = FreePort.Next();
        await using var app = await StartAsync(_pki.WriteServer(), mutual: false, samplingGrpcPort);
        var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{samplingGrpcPort}", new GrpcChannelOptions { HttpHandler = Handler(null, _ => { }) });
        _clients.Add(channel);
        using var plaintext = GrpcChannel.ForAddress($"http://127.0.0.1:{samplingGrpcPort}");
        var parameters = new SamplingStrategyParameters { ServiceName = "tls-svc" };

        var response = await new SamplingManager.SamplingManagerClient(channel).GetSamplingStrategyAsync(parameters, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(0.001, response.ProbabilisticSampling.SamplingRate);
        await Assert.ThrowsAsync<RpcException>(async () => await new SamplingManager.SamplingManagerClient(plaintext).GetSamplingStrategyAsync(parameters, cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Mtls_accepts_a_client_certificate_signed_by_the_configured_ca()
    {
        await using var app = await StartAsync(_pki.WriteServer(), mutual: true);

        using var response = await PostAsync(app.Ports.Http, _pki.Client());
        var grpc = await Grpc(app.Ports.Grpc, _pki.Client()).ExportAsync(Request(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(grpc.PartialSuccess);
    }

    [Fact]
    public async Task Mtls_refuses_a_client_without_a_certificate()
    {
        await using var app = await StartAsync(_pki.WriteServer(), mutual: true);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(app.Ports.Http, client: null));
        await Assert.ThrowsAsync<RpcException>(async () => await Grpc(app.Ports.Grpc, client: null).ExportAsync(Request(), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Mtls_refuses_a_client_certificate_from_another_ca()
    {
        using var stranger = new TestCertificates("stranger");
        await using var app = await StartAsync(_pki.WriteServer(), mutual: true);

        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(app.Ports.Http, stranger.Client()));
        await Assert.ThrowsAsync<RpcException>(async () => await Grpc(app.Ports.Grpc, stranger.Client()).ExportAsync(Request(), cancellationToken: TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Client_ca_bundle_rotated_in_place_trusts_the_new_ca_without_a_restart()
    {
        using var next = new TestCertificates("next-ca");
        await using var app = await StartAsync(_pki.WriteServer(), mutual: true);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => PostAsync(app.Ports.Http, next.Client()));

        SecretFiles.Rewrite(_pki.AuthorityPath, "-----BEGIN CERTIFICATE-----\nMIIB");
        using var halfWritten = await PostAsync(app.Ports.Http, _pki.Client());
        SecretFiles.Rewrite(_pki.AuthorityPath, _pki.Authority.ExportCertificatePem() + "\n" + next.Authority.ExportCertificatePem());
        using var rotatedIn = await PostAsync(app.Ports.Http, next.Client());

        Assert.Equal((HttpStatusCode.OK, HttpStatusCode.OK), (halfWritten.StatusCode, rotatedIn.StatusCode));
    }

    [Fact]
    public async Task Rotated_certificate_is_served_without_a_restart()
    {
        var first = _pki.WriteServer("first");
        await using var app = await StartAsync(first, mutual: false);
        Assert.Equal(first.Certificate.Thumbprint, (await ServedCertificateAsync(app.Ports.Http)).Thumbprint);

        var second = _pki.WriteServer("second-after-rotation");

        Assert.Equal(second.Certificate.Thumbprint, (await ServedCertificateAsync(app.Ports.Http)).Thumbprint);
    }

    [Fact]
    public async Task Without_a_certificate_both_otlp_listeners_serve_plaintext_with_a_warning()
    {
        using var logs = new LogCapture();
        await using var app = CollectorHost.Build(topic.BootstrapServers, out _, logs: logs);

        await app.StartAsync(TestContext.Current.CancellationToken);

        Assert.Contains(logs.Warnings, line => line.StartsWith("OTLP gRPC on port", StringComparison.Ordinal) && line.Contains("PLAINTEXT", StringComparison.Ordinal));
        Assert.Contains(logs.Warnings, line => line.StartsWith("OTLP HTTP on port", StringComparison.Ordinal) && line.Contains("PLAINTEXT", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Warnings, line => line.Contains("HTTP/2 is not enabled", StringComparison.Ordinal));
        Assert.Contains(logs.Warnings, line => line.StartsWith("Remote sampling gRPC on port", StringComparison.Ordinal) && line.Contains("PLAINTEXT: service names and the sampling strategies", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _pki.Dispose();
    }

    private async Task<RunningCollector> StartAsync((string CertificatePath, string KeyPath, X509Certificate2 _) server, bool mutual, int? samplingGrpcPort = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Collector:Tls:CertificatePath"] = server.CertificatePath,
            ["Collector:Tls:KeyPath"] = server.KeyPath,
            ["Collector:Tls:ReloadInterval"] = "00:00:00",
        };
        if (samplingGrpcPort is { } port)
        {
            settings["Collector:Sampling:GrpcPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        if (mutual)
        {
            settings["Collector:Tls:ClientCaPath"] = _pki.AuthorityPath;
            settings["Collector:Tls:RequireClientCertificate"] = "true";
        }

        var app = CollectorHost.Build(topic.BootstrapServers, out var ports, settings);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new RunningCollector(app, ports);
    }

    private async Task<HttpResponseMessage> PostAsync(int port, X509Certificate2? client)
    {
        var http = new HttpClient(Handler(client, _ => { }));
        _clients.Add(http);
        using var content = new ByteArrayContent(Google.Protobuf.MessageExtensions.ToByteArray(Request()));
        content.Headers.ContentType = new("application/x-protobuf");
        return await http.PostAsync($"https://127.0.0.1:{port}/v1/traces", content, TestContext.Current.CancellationToken);
    }

    private TraceService.TraceServiceClient Grpc(int port, X509Certificate2? client)
    {
        var channel = GrpcChannel.ForAddress($"https://127.0.0.1:{port}", new GrpcChannelOptions { HttpHandler = Handler(client, _ => { }) });
        _clients.Add(channel);
        return new TraceService.TraceServiceClient(channel);
    }

    /// <summary>Opens a fresh connection and returns the certificate the server presented.</summary>
    private async Task<X509Certificate2> ServedCertificateAsync(int port)
    {
        X509Certificate2? served = null;
        using var http = new HttpClient(Handler(null, certificate => served = X509CertificateLoader.LoadCertificate(certificate.RawData)));
        using var response = await http.GetAsync($"https://127.0.0.1:{port}/", TestContext.Current.CancellationToken);
        return served!;
    }

    /// <summary>A client that trusts only the test CA, optionally presenting a client certificate.</summary>
    private SocketsHttpHandler Handler(X509Certificate2? client, Action<X509Certificate2> seen) => new()
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            ClientCertificates = client is null ? null : [client],
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is not X509Certificate2 presented)
                {
                    return false;
                }

                seen(presented);
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(_pki.Authority);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(presented);
            },
        },
    };

    private static ExportTraceServiceRequest Request() => Otlp.Request(Otlp.ResourceSpans("tls-svc", Otlp.Span(Otlp.NewTraceId())));

    private sealed record RunningCollector(WebApplication App, (int Grpc, int Http, int Admin) Ports) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync(CancellationToken.None);
            await App.DisposeAsync();
        }
    }
}
