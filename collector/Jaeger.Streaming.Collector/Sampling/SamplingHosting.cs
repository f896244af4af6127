using Grpc.AspNetCore.Server;
using Jaeger.Streaming.Collector.Hosting;
using Jaeger.Streaming.Collector.Sampling.Adaptive;
using Jaeger.Streaming.Collector.Sampling.Static;
using Jaeger.Streaming.Collector.Sampling.Strategies;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Sampling;

/// <summary>Wires remote sampling into the collector: options, the strategy store of the configured mode, the HTTP and gRPC endpoints.</summary>
internal static class SamplingHosting
{
    public static void AddSampling(this IServiceCollection services, IConfiguration configuration)
    {
        var section = configuration.GetSection(SamplingOptions.Section);
        services.AddOptions<SamplingOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SamplingOptions>, SamplingOptionsValidator>());
        services.AddSingleton<RootSpanTally>();

        // The mode decides which store exists, so only the chosen one opens files or Kafka clients.
        var mode = section.GetValue(nameof(SamplingOptions.Mode), SamplingMode.File);
        if (mode == SamplingMode.Off)
        {
            return;
        }

        services.AddSingleton<SamplingMetrics>();
        services.AddSingleton<SamplingEndpoint>();
        services.AddOptions<GrpcServiceOptions<SamplingGrpcService>>().Configure(grpc => grpc.MaxReceiveMessageSize = MaxGrpcRequestBytes);
        if (mode == SamplingMode.Adaptive)
        {
            services.AddSingleton<AdaptiveStrategies>();
            services.AddSingleton<ISamplingStrategies>(provider => provider.GetRequiredService<AdaptiveStrategies>());
            services.AddSingleton<SamplingRecords>();
            services.AddSingleton<ProbabilityFeed>();
            services.AddSingleton<ThroughputLedger>();
            services.AddHostedService(provider => provider.GetRequiredService<ProbabilityFeed>());
            services.AddHostedService(provider => provider.GetRequiredService<ThroughputLedger>());
            services.AddHostedService<SamplingCycle>();
        }
        else
        {
            services.AddSingleton<FileStrategies>();
            services.AddSingleton<ISamplingStrategies>(provider => provider.GetRequiredService<FileStrategies>());
            services.AddHostedService(provider => provider.GetRequiredService<FileStrategies>());
        }
    }

    /// <summary>A request names one service of at most 256 characters; anything near this size is not a sampler asking.</summary>
    private const int MaxGrpcRequestBytes = 4096;

    /// <summary>
    /// Maps <c>GET /api/sampling</c> (and <c>/sampling</c>) on the sampling HTTP listener and <c>SamplingManager</c> on
    /// the sampling gRPC listener, unless sampling is <c>Off</c>.
    /// </summary>
    public static void MapSampling(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<SamplingOptions>>().Value.Mode == SamplingMode.Off)
        {
            return;
        }

        // /sampling is where OTel Go's jaegerremote sampler polls by default; Jaeger serves the same JSON on both.
        foreach (var path in (string[])["/api/sampling", "/sampling"])
        {
            app.MapGet(path, (HttpContext context, SamplingEndpoint endpoint) => endpoint.HandleAsync(context))
                .WithMetadata(new ListenerMetadata(CollectorListener.Sampling));
        }

        app.MapGrpcService<SamplingGrpcService>()
            .WithMetadata(new ListenerMetadata(CollectorListener.SamplingGrpc));
    }
}
