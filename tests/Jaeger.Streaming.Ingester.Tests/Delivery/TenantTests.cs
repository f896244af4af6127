using System.Text;
using Confluent.Kafka;
using Google.Protobuf;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Tests.Support;
using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Jaeger.Streaming.Ingester.Tests.Delivery;

/// <summary>The tenant of a record's <c>x-tenant</c> header reaches storage; a record without one is the default tenant's.</summary>
public sealed class TenantTests
{
    [Fact]
    public async Task Each_record_is_stored_under_the_tenant_of_its_header_and_headerless_records_under_the_default_tenant()
    {
        using var kafka = new KafkaWithStore();
        using var producer = new SpanRecordProducer(kafka.BootstrapServers);
        var acme = await ProduceAsync(producer, "acme");
        var globex = await ProduceAsync(producer, "globex");
        var headerless = await ProduceAsync(producer, tenant: null);

        await using var ingester = await IngesterUnderTest.StartAsync(kafka);
        using var query = Reader(kafka.DataDir, out var reader);
        await Eventually.HoldsAsync(async () => await reader.GetTraceAsync(ReadScope.Default, headerless.Id, null, TestContext.Current.CancellationToken) is not null, "the headerless trace is stored");
        await Eventually.HoldsAsync(async () => await reader.GetTraceAsync(ReadScope.AllServicesOf("acme"), acme.Id, null, TestContext.Current.CancellationToken) is not null, "acme's trace is stored");
        await Eventually.HoldsAsync(async () => await reader.GetTraceAsync(ReadScope.AllServicesOf("globex"), globex.Id, null, TestContext.Current.CancellationToken) is not null, "globex's trace is stored");

        Assert.Null(await reader.GetTraceAsync(ReadScope.AllServicesOf("globex"), acme.Id, null, TestContext.Current.CancellationToken));
        Assert.Null(await reader.GetTraceAsync(ReadScope.Default, acme.Id, null, TestContext.Current.CancellationToken));
        Assert.Null(await reader.GetTraceAsync(ReadScope.AllServicesOf("acme"), headerless.Id, null, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData("Acme")]
    [InlineData("acme corp")]
    [InlineData("acme/../globex")]
    public void A_record_whose_tenant_storage_cannot_keep_apart_is_rejected_not_defaulted(string tenant)
    {
        var headers = SpanRecordProducer.ContractHeaders();
        headers.Add(SpanRecordContract.TenantHeader, Encoding.UTF8.GetBytes(tenant));

        Assert.False(new SpanRecordDecoder().TryDecode(headers, Otlp.Request(Otlp.ResourceSpans("cart", Otlp.Span(Otlp.NewTraceId()))).ToByteArray(), out _, out var rejection));
        Assert.Equal(RecordRejection.InvalidTenant, rejection.Reason);
        Assert.Contains(TenantName.Rule, rejection.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_empty_tenant_header_is_the_default_tenant()
    {
        var headers = new Headers { { SpanRecordContract.TenantHeader, [] } };

        Assert.Equal(TenantName.Default, RecordTenant.Of(headers));
        Assert.Null(RecordTenant.Problem(headers));
    }

    private static async Task<TraceIdBytes> ProduceAsync(SpanRecordProducer producer, string? tenant)
    {
        var trace = Otlp.NewTraceId();
        var headers = SpanRecordProducer.ContractHeaders();
        if (tenant is not null)
        {
            headers.Add(SpanRecordContract.TenantHeader, Encoding.UTF8.GetBytes(tenant));
        }

        await producer.ProduceAsync(SpanRecordContract.KeyFor(trace.Id), Otlp.Request(Otlp.ResourceSpans("checkout", Otlp.Span(trace))).ToByteArray(), headers);
        return trace;
    }

    private static ServiceProvider Reader(string dataDir, out ITraceReader reader)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Storage:Embedded:DataDir"] = dataDir })
            .Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddEmbeddedTraceReader().BuildServiceProvider();
        reader = services.GetRequiredService<ITraceReader>();
        return services;
    }
}
