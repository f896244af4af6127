using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// Producer authentication with static tokens from files (issue 3, item 2): team-a may write services A and B;
/// team-b any service, and its tenant bucket holds 10 spans.
/// </summary>
public sealed class AuthenticationTests : IAsyncLifetime
{
    private const string TeamAToken = "team-a-0123456789abcdef";
    private const string TeamBToken = "team-b-0123456789abcdef";

    private readonly SpanTopic _topic = new();
    private readonly DirectoryInfo _secrets = Directory.CreateTempSubdirectory("collector-tokens-");
    private CollectorHost _collector = null!;

    public async ValueTask InitializeAsync()
    {
        File.WriteAllText(Path.Combine(_secrets.FullName, "team-a"), TeamAToken + "\n");
        File.WriteAllText(Path.Combine(_secrets.FullName, "team-b"), TeamBToken);
        _collector = await CollectorHost.StartAsync(_topic.BootstrapServers, new Dictionary<string, string?>
        {
            ["Collector:Authentication:Credentials:0:TokenPath"] = Path.Combine(_secrets.FullName, "team-a"),
            ["Collector:Authentication:Credentials:0:Tenant"] = "team-a",
            ["Collector:Authentication:Credentials:0:Services:0"] = "A",
            ["Collector:Authentication:Credentials:0:Services:1"] = "B",
            ["Collector:Authentication:Credentials:1:TokenPath"] = Path.Combine(_secrets.FullName, "team-b"),
            ["Collector:Authentication:Credentials:1:Tenant"] = "team-b",
            ["Collector:RateLimits:Tenants:team-b:SpansPerSecond"] = "1",
            ["Collector:RateLimits:Tenants:team-b:Burst"] = "10",
            ["Collector:Authentication:ReloadInterval"] = "00:00:00",
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        _topic.Dispose();
        _secrets.Delete(recursive: true);
    }

    [Fact]
    public async Task Http_without_a_token_gets_401()
    {
        using var response = await PostAsync(Request("A"), authorization: null);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.ToString());
        Assert.Equal((int)StatusCode.Unauthenticated, RpcStatusReader.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Code);
    }

    [Fact]
    public async Task Grpc_without_a_token_gets_UNAUTHENTICATED_before_its_message_is_read()
    {
        // The request's headers go out and its message never does: only a refusal made before reading can answer it.
        var neverSent = new TaskCompletionSource();
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{_collector.GrpcAddress}/opentelemetry.proto.collector.trace.v1.TraceService/Export")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new HeldBody(neverSent.Task),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, TestContext.Current.CancellationToken)
            .WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        neverSent.SetResult();

        Assert.Equal(((int)StatusCode.Unauthenticated).ToString(System.Globalization.CultureInfo.InvariantCulture), response.Headers.GetValues("grpc-status").Single());
    }

    [Fact]
    public async Task Http_with_a_wrong_token_gets_401()
    {
        using var response = await PostAsync(Request("A"), new AuthenticationHeaderValue("Bearer", "not-a-configured-token"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Grpc_without_or_with_a_wrong_token_gets_UNAUTHENTICATED()
    {
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await _collector.Grpc.ExportAsync(Request("A"), cancellationToken: TestContext.Current.CancellationToken));
        var wrong = await Assert.ThrowsAsync<RpcException>(async () =>
            await _collector.Grpc.ExportAsync(Request("A"), new Metadata { { "authorization", "Bearer wrong-token-0123456789" } }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((StatusCode.Unauthenticated, StatusCode.Unauthenticated), (missing.StatusCode, wrong.StatusCode));
    }

    [Fact]
    public async Task Token_limited_to_A_and_B_gets_Bs_spans_accepted_and_Cs_rejected_in_partial_success()
    {
        var traceId = Otlp.NewTraceId();
        var request = Otlp.Request(Otlp.ResourceSpans("B", Otlp.Span(traceId, "b-span")), Otlp.ResourceSpans("C", Otlp.Span(traceId, "c-span"), Otlp.Span(traceId, "c-span-2")));

        using var response = await PostAsync(request, new AuthenticationHeaderValue("Bearer", TeamAToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var partial = ExportTraceServiceResponse.Parser.ParseFrom(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).PartialSuccess;
        Assert.Equal(2, partial.RejectedSpans);
        Assert.Contains("service 'C'", partial.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(["b-span"], _topic.ReadTraceRequests(traceId).AllSpans().ConvertAll(s => s.Name));
    }

    [Fact]
    public async Task Grpc_token_limited_to_A_and_B_gets_Cs_spans_rejected_in_partial_success()
    {
        var request = Otlp.Request(Otlp.ResourceSpans("A", Otlp.Span(Otlp.NewTraceId())), Otlp.ResourceSpans("C", Otlp.Span(Otlp.NewTraceId())));

        var response = await _collector.Grpc.ExportAsync(request, new Metadata { { "authorization", $"Bearer {TeamAToken}" } }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(1, response.PartialSuccess.RejectedSpans);
    }

    [Fact]
    public async Task Records_carry_the_credentials_tenant_in_x_tenant()
    {
        var traceId = Otlp.NewTraceId();

        using var response = await PostAsync(Otlp.Request(Otlp.ResourceSpans("A", Otlp.Span(traceId))), new AuthenticationHeaderValue("Bearer", TeamAToken));

        response.EnsureSuccessStatusCode();
        var record = Assert.Single(_topic.ReadTrace(traceId));
        Assert.Equal("team-a", Encoding.UTF8.GetString(record.Message.Headers.GetLastBytes(SpanRecordContract.TenantHeader)));
    }

    [Fact]
    public async Task Api_key_header_is_accepted_as_well()
    {
        using var response = await _collector.PostProtobufAsync(Request("any-service"), headers => headers.Add("X-API-Key", TeamBToken));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Tenant_over_its_quota_gets_429()
    {
        var token = new AuthenticationHeaderValue("Bearer", TeamBToken);
        (await PostAsync(Request("svc-1", spans: 10), token)).EnsureSuccessStatusCode();

        // As many spans again: at 1 span/s the bucket needs 10 s to hold them, so a slow Kafka ack cannot refill it.
        using var response = await PostAsync(Request("svc-2", spans: 10), token);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Contains("tenant 'team-b'", RpcStatusReader.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task X_tenant_header_that_disagrees_with_the_credential_gets_403_and_publishes_nothing()
    {
        var traceId = Otlp.NewTraceId();

        using var response = await _collector.PostProtobufAsync(ServiceRequests.Of("A", traceId: traceId), headers =>
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", TeamAToken);
            headers.Add("x-tenant", "team-b");
        });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Contains("credential", RpcStatusReader.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken)).Message, StringComparison.Ordinal);
        Assert.Empty(_topic.ReadTrace(traceId));
    }

    [Fact]
    public async Task X_tenant_header_naming_the_credentials_own_tenant_is_accepted()
    {
        var traceId = Otlp.NewTraceId();

        var response = await _collector.Grpc.ExportAsync(
            ServiceRequests.Of("A", traceId: traceId),
            new Metadata { { "authorization", $"Bearer {TeamAToken}" }, { "x-tenant", "team-a" } },
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Null(response.PartialSuccess);
        Assert.Equal("team-a", TenantHeaderTests.TenantOf(Assert.Single(_topic.ReadTrace(traceId))));
    }

    [Fact]
    public async Task Counts_auth_failures_by_transport_and_reason()
    {
        (await PostAsync(Request("A"), authorization: null)).Dispose();
        await Assert.ThrowsAsync<RpcException>(async () => await _collector.Grpc.ExportAsync(Request("A"), new Metadata { { "authorization", "Bearer wrong-token-0123456789" } }, cancellationToken: TestContext.Current.CancellationToken));
        (await _collector.PostProtobufAsync(Request("A"), headers =>
        {
            headers.Authorization = new AuthenticationHeaderValue("Bearer", TeamAToken);
            headers.Add("x-tenant", "team-b");
        })).Dispose();

        var metrics = await ScrapedMetrics.ReadAsync(_collector);

        Assert.Equal(1, metrics.Value("jaeger_collector_auth_failures_total", ("transport", "http"), ("reason", "credential")));
        Assert.Equal(1, metrics.Value("jaeger_collector_auth_failures_total", ("transport", "grpc"), ("reason", "credential")));
        Assert.Equal(1, metrics.Value("jaeger_collector_auth_failures_total", ("transport", "http"), ("reason", "tenant")));
    }

    [Fact]
    public async Task A_token_is_rotated_without_a_restart_and_without_refusing_anyone_by_listing_the_next_beside_it()
    {
        const string Next = "team-a-next-fedcba9876543210";
        var file = Path.Combine(_secrets.FullName, "team-a");

        SecretFiles.Rewrite(file, $"{Next}\n{TeamAToken}\n");
        var (bothOld, bothNext) = (await StatusAsync(TeamAToken), await StatusAsync(Next));
        SecretFiles.Rewrite(file, "team-a-sho");
        var halfWritten = await StatusAsync(Next);
        SecretFiles.Rewrite(file, Next);

        Assert.Equal(
            (HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.Unauthorized, HttpStatusCode.OK),
            (bothOld, bothNext, halfWritten, await StatusAsync(TeamAToken), await StatusAsync(Next)));
    }

    [Fact]
    public void Token_shorter_than_16_characters_is_refused_at_start()
    {
        var path = Path.Combine(_secrets.FullName, "weak");
        File.WriteAllText(path, "secret");
        var options = new AuthenticationOptions { Credentials = { new ProducerCredential { TokenPath = path, Tenant = "t" } } };

        var result = new AuthenticationOptionsValidator().Validate(null, options);

        Assert.Contains("Collector:Authentication:Credentials:0:TokenPath", result.FailureMessage, StringComparison.Ordinal);
    }

    private static ExportTraceServiceRequest Request(string service, int spans = 1) => ServiceRequests.Of(service, spans);

    private async Task<HttpStatusCode> StatusAsync(string token)
    {
        using var response = await PostAsync(Request("A"), new AuthenticationHeaderValue("Bearer", token));
        return response.StatusCode;
    }

    private Task<HttpResponseMessage> PostAsync(ExportTraceServiceRequest request, AuthenticationHeaderValue? authorization) =>
        _collector.PostProtobufAsync(request, headers => headers.Authorization = authorization);

    /// <summary>A gRPC request body that sends nothing until <c>release</c> completes.</summary>
    private sealed class HeldBody : HttpContent
    {
        private readonly Task _release;

        public HeldBody(Task release)
        {
            _release = release;
            Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // HTTP/2 request headers wait for the body's first write unless flushed: send them, with no message.
            await stream.FlushAsync();
            await _release;
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
