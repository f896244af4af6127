using System.Net;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Collector.Boundary.Cors;
using Jaeger.Streaming.Collector.Boundary.InFlight;
using Jaeger.Streaming.Collector.Boundary.Limits;
using Jaeger.Streaming.Collector.Boundary.RateLimiting;
using Jaeger.Streaming.Collector.Boundary.Tenancy;
using Jaeger.Streaming.Collector.Boundary.Tls;
using Jaeger.Streaming.Collector.Hosting;
using Jaeger.Streaming.Collector.Pipeline;
using Jaeger.Streaming.Collector.Publishing;
using Jaeger.Streaming.Collector.Receivers;
using Jaeger.Streaming.Collector.Sampling;
using Jaeger.Streaming.Collector.Splitting;
using Jaeger.Streaming.Collector.Telemetry;
using Jaeger.Streaming.Collector.Wire;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Schemas.Telemetry;
using Jaeger.Streaming.Schemas.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Jaeger.Streaming.Collector;

/// <summary>Hosting for the collector: OTLP/gRPC and OTLP/HTTP in, Kafka out (DESIGN §2, §3).</summary>
public static class CollectorHostingExtensions
{
    /// <summary>
    /// Registers the collector and its listeners. Configuration: <c>Collector</c> (<see cref="CollectorOptions"/>),
    /// <c>Kafka</c> (the shared <see cref="KafkaConnectionOptions"/>; <c>BootstrapServers</c> is required) and
    /// <c>Collector:Producer</c> (producer batching and bounds), and the boundary controls under <c>Boundary/</c>:
    /// <c>Collector:Tls</c>, <c>Collector:Authentication</c>, <c>Collector:Tenancy</c>, <c>Collector:Limits</c>,
    /// <c>Collector:RateLimits</c> and <c>Collector:Cors</c> (docs/collector-security.md), and <c>Collector:Metrics</c>.
    /// Every section is validated at start.
    /// </summary>
    public static WebApplicationBuilder AddCollector(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;

        services.AddOptions<CollectorOptions>().Bind(configuration.GetSection(CollectorOptions.Section)).ValidateOnStart();
        services.AddOptions<KafkaConnectionOptions>().Bind(configuration.GetSection("Kafka")).ValidateOnStart();
        services.AddOptions<KafkaPublisherOptions>().Bind(configuration.GetSection(KafkaPublisherOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorOptions>, CollectorOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaConnectionOptions>, KafkaPublisherOptionsValidator>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<KafkaPublisherOptions>, KafkaPublisherOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.AddSelfTracing(configuration, "jaeger-streaming-collector");
        services.AddSampling(configuration);

        // Boundary B1 controls (Boundary/): schema limits, TLS, producer authentication, rate limits.
        services.AddOptions<SpanLimits>().Bind(configuration.GetSection(SpanLimits.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SpanLimits>, SpanLimitsValidator>());
        services.AddOtlpTls();
        services.AddOptions<AuthenticationOptions>().Bind(configuration.GetSection(AuthenticationOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AuthenticationOptions>, AuthenticationOptionsValidator>());
        services.AddSingleton<StaticTokens>();
        services.AddSingleton<ProducerAuthenticator>();
        services.AddHostedService(provider => provider.GetRequiredService<ProducerAuthenticator>());
        services.AddOptions<TenancyOptions>().Bind(configuration.GetSection(TenancyOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TenancyOptions>, TenancyOptionsValidator>());
        services.AddSingleton<TenantResolver>();
        services.AddSingleton<InFlightBodies>();
        services.AddOptions<RateLimitOptions>().Bind(configuration.GetSection(RateLimitOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<RateLimitOptions>, RateLimitOptionsValidator>());
        services.AddBrowserOrigins(configuration);

        // Metrics in this host's own registry: tests run several hosts in one process and assert exact values.
        services.AddOptions<CollectorMetricsOptions>().Bind(configuration.GetSection(CollectorMetricsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CollectorMetricsOptions>, CollectorMetricsOptionsValidator>());
        services.AddSingleton(_ => Metrics.NewCustomRegistry());
        services.AddSingleton<CollectorMetrics>();

        // The export pipeline, step by step; ExportPipeline is where they are put in order.
        services.AddSingleton<SpanValidator>();
        services.AddSingleton<SpanRateLimiter>();
        services.AddSingleton<TraceSplitter>();
        services.AddSingleton<CleanRequestScanner>();
        services.AddSingleton<WireTraceSplitter>();
        services.AddSingleton<KafkaSpanPublisher>();
        services.AddSingleton<ExportPipeline>();

        // Receivers.
        services.AddSingleton<ProducerAdmission>();
        services.AddSingleton<OtlpHttpReceiver>();
        services.AddGrpc();
        services.AddHttpContextAccessor();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<Grpc.AspNetCore.Server.Model.IServiceMethodProvider<OtlpGrpcReceiver>, OtlpGrpcExportMethod>());
        services.AddOptions<Grpc.AspNetCore.Server.GrpcServiceOptions<OtlpGrpcReceiver>>()
            .Configure<IOptions<CollectorOptions>, IHttpContextAccessor, CollectorMetrics>((grpc, collector, requests, metrics) =>
            {
                grpc.MaxReceiveMessageSize = (int)collector.Value.MaxRequestBodyBytes;
                grpc.CompressionProviders.Clear();
                var providers = GrpcDecompression.Providers(
                    collector.Value.MaxRequestBodyBytes,
                    () => requests.HttpContext?.Features.Get<BodyReservation>(),
                    () => metrics.InFlightRefused(OtlpTransport.Grpc));
                foreach (var provider in providers)
                {
                    grpc.CompressionProviders.Add(provider);
                }
            });

        services.AddHealthChecks();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, ListenerPortPolicy>());

        // TLS on the OTLP listeners when configured (Boundary/Tls); the admin port stays plaintext for probes.
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            var options = kestrel.ApplicationServices.GetRequiredService<IOptions<CollectorOptions>>().Value;
            var tls = kestrel.ApplicationServices.GetRequiredService<ListenerTls>();

            OtlpKestrel.LimitSlowClients(kestrel.Limits);
            Listen(kestrel, options.ListenAddress, options.GrpcPort, HttpProtocols.Http2, listen => tls.Apply(listen, "OTLP gRPC"));
            Listen(kestrel, options.ListenAddress, options.HttpPort, OtlpKestrel.HttpListenerProtocols(tls.Enabled), listen => tls.Apply(listen, "OTLP HTTP"));
            Listen(kestrel, options.ListenAddress, options.AdminPort, HttpProtocols.Http1, _ => { });
            if (kestrel.ApplicationServices.GetRequiredService<IOptions<SamplingOptions>>().Value is { Mode: not SamplingMode.Off } sampling)
            {
                Listen(kestrel, options.ListenAddress, sampling.Port, OtlpKestrel.HttpListenerProtocols(tls.Enabled), listen => tls.Apply(listen, "Remote sampling HTTP", SamplingTraffic));
                Listen(kestrel, options.ListenAddress, sampling.GrpcPort, HttpProtocols.Http2, listen => tls.Apply(listen, "Remote sampling gRPC", SamplingTraffic));
            }
        });

        return builder;
    }

    /// <summary>
    /// Maps OTLP/gRPC <c>TraceService/Export</c> on <c>Collector:GrpcPort</c>, OTLP/HTTP <c>POST /v1/traces</c> on
    /// <c>Collector:HttpPort</c>, and <c>/health/live</c>, <c>/health/ready</c> and <c>/metrics</c> on
    /// <c>Collector:AdminPort</c>.
    /// </summary>
    public static WebApplication MapCollector(this WebApplication app)
    {
        // After routing, so the gate knows the listener of the endpoint; before any OTLP body is read. CORS first: a
        // preflight is answered without a credential, and a refusal still carries the headers a page needs to read it.
        app.UseCors();
        app.UseMiddleware<OtlpRequestGate>();

        app.MapGrpcService<OtlpGrpcReceiver>()
            .WithMetadata(new ListenerMetadata(CollectorListener.Grpc));
        app.MapPost("/v1/traces", (HttpContext context, OtlpHttpReceiver receiver) => receiver.HandleAsync(context))
            .WithMetadata(new ListenerMetadata(CollectorListener.Http))
            .AllowBrowserOrigins(app.Services.GetRequiredService<IOptions<BrowserOriginsOptions>>().Value);

        // As the OpenTelemetry Collector does: a GET from a browser or a misconfigured client learns the method, not "not found".
        app.Map("/v1/traces", OtlpHttpReceiver.AnswerMethodNotAllowed)
            .WithMetadata(new ListenerMetadata(CollectorListener.Http));

        // An SDK pointed at the OTLP/HTTP port for every signal sends logs and metrics there too: its error log should
        // say why. No listener metadata, so the gate neither counts nor admits these as exports.
        app.MapFallback(OtlpHttpReceiver.AnswerNotFound);

        // Readiness will gain checks (Kafka reachable) without changing the paths.
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false })
            .WithMetadata(new ListenerMetadata(CollectorListener.Admin));
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") })
            .WithMetadata(new ListenerMetadata(CollectorListener.Admin));
        var registry = app.Services.GetRequiredService<CollectorRegistry>();
        var bodies = app.Services.GetRequiredService<InFlightBodies>();
        var metrics = app.Services.GetRequiredService<CollectorMetrics>();
        registry.AddBeforeCollectCallback(() => metrics.InFlightBytes.Set(bodies.ReservedBytes));
        app.MapMetrics("/metrics", registry)
            .WithMetadata(new ListenerMetadata(CollectorListener.Admin));
        app.MapSampling();
        return app;
    }

    /// <summary>The ports of the remote-sampling HTTP and gRPC listeners, or null when sampling is <c>Off</c>.</summary>
    public static (int Http, int Grpc)? SamplingPorts(this WebApplication app) =>
        app.Services.GetRequiredService<IOptions<SamplingOptions>>().Value is { Mode: not SamplingMode.Off } sampling
            ? (sampling.Port, sampling.GrpcPort)
            : null;

    // What a sampling listener's plaintext exposes: no spans and no credentials, but an SDK's service name and the
    // strategy it is told, which an attacker on the path could also alter.
    private const string SamplingTraffic = "service names and the sampling strategies served for them";

    private static void Listen(KestrelServerOptions kestrel, string address, int port, HttpProtocols protocols, Action<ListenOptions> secure)
    {
        void Configure(ListenOptions listen)
        {
            listen.Protocols = protocols;
            secure(listen);
        }

        if (address.Length == 0)
        {
            kestrel.ListenAnyIP(port, Configure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(address), port, Configure);
        }
    }
}
