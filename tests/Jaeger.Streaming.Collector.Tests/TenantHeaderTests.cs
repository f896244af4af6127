using System.Net;
using System.Text;
using Grpc.Core;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Collector.Boundary.Tenancy;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>
/// The tenant from the <c>x-tenant</c> header of unauthenticated requests when <c>Collector:Tenancy:AcceptTenantHeader</c>
/// allows it (issue 7 item 6), checked against the allow-list, and carried in the Kafka record's <c>x-tenant</c>.
/// </summary>
public sealed class TenantHeaderTests : IAsyncLifetime
{
    private readonly SpanTopic _topic = new();
    private CollectorHost _collector = null!;

    public async ValueTask InitializeAsync() => _collector = await CollectorHost.StartAsync(_topic.BootstrapServers, new Dictionary<string, string?>
    {
        ["Collector:Tenancy:AcceptTenantHeader"] = "true",
        ["Collector:Tenancy:Tenants:0"] = "tenant-a",
        ["Collector:Tenancy:Tenants:1"] = "tenant-b",
    });

    public async ValueTask DisposeAsync()
    {
        await _collector.DisposeAsync();
        _topic.Dispose();
    }

    [Fact]
    public async Task Http_header_tenant_is_written_to_the_records_x_tenant()
    {
        var traceId = Otlp.NewTraceId();

        using var response = await _collector.PostProtobufAsync(ServiceRequests.Of("svc", traceId: traceId), headers => headers.Add("x-tenant", "tenant-a"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("tenant-a", TenantOf(Assert.Single(_topic.ReadTrace(traceId))));
    }

    [Fact]
    public async Task Grpc_metadata_tenant_is_written_to_the_records_x_tenant()
    {
        var traceId = Otlp.NewTraceId();

        await _collector.Grpc.ExportAsync(ServiceRequests.Of("svc", traceId: traceId), new Metadata { { "x-tenant", "tenant-b" } }, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("tenant-b", TenantOf(Assert.Single(_topic.ReadTrace(traceId))));
    }

    [Fact]
    public async Task Request_without_the_header_gets_401_and_publishes_nothing()
    {
        var traceId = Otlp.NewTraceId();

        using var response = await _collector.PostProtobufAsync(ServiceRequests.Of("svc", traceId: traceId));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        var status = RpcStatusReader.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal((int)StatusCode.Unauthenticated, status.Code);
        Assert.Contains("x-tenant", status.Message, StringComparison.Ordinal);
        Assert.Empty(_topic.ReadTrace(traceId));
    }

    [Theory]
    [InlineData("tenant-c")]
    [InlineData("Tenant-A")]
    [InlineData("../etc")]
    public async Task Tenant_not_on_the_allow_list_gets_403_and_publishes_nothing(string tenant)
    {
        var traceId = Otlp.NewTraceId();

        using var response = await _collector.PostProtobufAsync(ServiceRequests.Of("svc", traceId: traceId), headers => headers.Add("x-tenant", tenant));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var status = RpcStatusReader.Decode(await response.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal((int)StatusCode.PermissionDenied, status.Code);
        Assert.Contains("Collector:Tenancy:Tenants", status.Message, StringComparison.Ordinal);
        Assert.Empty(_topic.ReadTrace(traceId));
    }

    [Fact]
    public async Task Grpc_unknown_tenant_gets_PERMISSION_DENIED_and_a_missing_one_UNAUTHENTICATED()
    {
        var unknown = await Assert.ThrowsAsync<RpcException>(async () =>
            await _collector.Grpc.ExportAsync(ServiceRequests.Of("svc"), new Metadata { { "x-tenant", "tenant-c" } }, cancellationToken: TestContext.Current.CancellationToken));
        var missing = await Assert.ThrowsAsync<RpcException>(async () =>
            await _collector.Grpc.ExportAsync(ServiceRequests.Of("svc"), cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal((StatusCode.PermissionDenied, StatusCode.Unauthenticated), (unknown.StatusCode, missing.StatusCode));
    }

    [Fact]
    public void Credential_whose_tenant_is_not_on_the_allow_list_is_refused_at_start()
    {
        var authentication = new AuthenticationOptions { Credentials = { new ProducerCredential { TokenPath = "unused", Tenant = "team-z" } } };
        var tenancy = new TenancyOptions { Tenants = ["tenant-a"] };

        var result = new TenancyOptionsValidator(Options.Create(authentication)).Validate(null, tenancy);

        Assert.Contains("Collector:Authentication:Credentials:0:Tenant 'team-z' is not in Collector:Tenancy:Tenants", result.FailureMessage, StringComparison.Ordinal);
    }

    internal static string? TenantOf(Confluent.Kafka.ConsumeResult<byte[], byte[]> record) =>
        record.Message.Headers.TryGetLastBytes(SpanRecordContract.TenantHeader, out var tenant) ? Encoding.UTF8.GetString(tenant) : null;
}

/// <summary>By default the header is not trusted: a client cannot pick its tenant by naming one.</summary>
public sealed class TenantHeaderOffTests(CollectorFixture fixture) : IClassFixture<CollectorFixture>
{
    [Fact]
    public async Task Header_is_ignored_unless_the_setting_allows_it()
    {
        var traceId = Otlp.NewTraceId();

        using var response = await fixture.Collector.PostProtobufAsync(ServiceRequests.Of("svc", traceId: traceId), headers => headers.Add("x-tenant", "tenant-a"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Null(TenantHeaderTests.TenantOf(Assert.Single(fixture.Topic.ReadTrace(traceId))));
    }
}
