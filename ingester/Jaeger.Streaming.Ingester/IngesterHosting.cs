using Jaeger.Streaming.Ingester.Consuming;
using Jaeger.Streaming.Ingester.DeadLetters;
using Jaeger.Streaming.Ingester.Decoding;
using Jaeger.Streaming.Ingester.Health;
using Jaeger.Streaming.Ingester.Kafka;
using Jaeger.Streaming.Ingester.Redaction;
using Jaeger.Streaming.Ingester.Retrying;
using Jaeger.Streaming.Ingester.Storage.Elasticsearch;
using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Ingester.Telemetry;
using Jaeger.Streaming.Ingester.Writing;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Schemas.Telemetry;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Jaeger.Streaming.Ingester;

/// <summary>Hosting of the ingester: consumes span records from Kafka and writes them to storage.</summary>
public static class IngesterHosting
{
    /// <summary>
    /// Binds and validates <c>Ingester</c> (<see cref="IngesterOptions"/>) and <c>Kafka</c> (<see cref="KafkaConnectionOptions"/>),
    /// listens on <c>Ingester:AdminPort</c>, registers the embedded store's writer (<c>Storage:Embedded:DataDir</c>)
    /// and runs the Kafka consumer as a hosted service.
    /// </summary>
    public static WebApplicationBuilder AddIngester(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<IngesterOptions>().BindConfiguration(IngesterOptions.Section).ValidateOnStart();
        services.AddOptions<KafkaConnectionOptions>().BindConfiguration("Kafka").ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<IngesterOptions>, IngesterOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaConnectionOptions>, KafkaConnectionOptionsValidator>());
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<IngesterOptions>>((kestrel, ingester) =>
        {
            IngesterOptionsValidator.TryParseListenAddress(ingester.Value.ListenAddress, out var address);
            kestrel.Listen(address, ingester.Value.AdminPort);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddSelfTracing(builder.Configuration, "jaeger-streaming-ingester");

        // A registry per host, never the static default one: the all-in-one and the tests run several hosts in one process.
        services.TryAddSingleton(_ => Metrics.NewCustomRegistry());
        services.TryAddSingleton<IngesterMetrics>();
        services.TryAddSingleton<IRedactionCounter>(sp => sp.GetRequiredService<IngesterMetrics>());
        services.TryAddSingleton<IngesterReadiness>();
        if (StorageType.IsElasticsearch(builder.Configuration[StorageType.Key]))
        {
            // Documents Elasticsearch refuses for good go to the dead-letter topic rather than only to the log.
            services.AddSingleton<IRejectedDocumentSink, DeadLetteredDocuments>();
            services.AddElasticsearchTraceWriter();
        }
        else
        {
            services.AddEmbeddedTraceWriter();
        }

        // The pipeline, in order: consume → decode (rejects → dead letters) → write → store offsets.
        services.AddSingleton<PersistentRetry>();
        services.AddSingleton<SpanRecordDecoder>();
        services.AddSpanRedaction();
        services.AddSingleton<DeadLetterPublisher>();
        services.AddSingleton<SpanBatchWriter>();
        services.AddHostedService<SpanConsumer>();
        return builder;
    }

    /// <summary>What the ingester is waiting for before it can store spans, as <c>/health/ready</c> reports it; null when ready.</summary>
    public static string? NotReadyReason(this WebApplication app) => app.Services.GetRequiredService<IngesterReadiness>().NotReadyReason;

    /// <summary>
    /// Validates every setting, then maps <c>/health/live</c>, <c>/health/ready</c> (503 until the consumer has its assignment, and while storage
    /// writes fail) and <c>/metrics</c> (Prometheus) on <c>Ingester:AdminPort</c> only.
    /// </summary>
    public static WebApplication MapIngester(this WebApplication app)
    {
        // Every setting is checked here, before any service is built: the host builds its hosted services before it
        // validates, and building them opens the embedded store, so a start refused for a Kafka setting would
        // otherwise leave a new data dir and traces.db behind.
        app.Services.GetService<IStartupValidator>()?.Validate();

        var options = app.Services.GetRequiredService<IOptions<IngesterOptions>>().Value;

        // Bound to the admin port, so the ingester can share one host with the other services (the all-in-one).
        var admin = app.MapGroup("").RequireHost($"*:{options.AdminPort}");
        admin.MapGet("/health/live", () => Results.Text("live"));
        var readiness = app.Services.GetRequiredService<IngesterReadiness>();
        admin.MapGet("/health/ready", () => readiness.NotReadyReason is { } reason
            ? Results.Text($"not ready: {reason}", statusCode: StatusCodes.Status503ServiceUnavailable)
            : Results.Text("ready"));
        admin.MapMetrics("/metrics", app.Services.GetRequiredService<CollectorRegistry>());
        return app;
    }
}
