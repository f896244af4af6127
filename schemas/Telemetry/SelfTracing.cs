using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Exporter;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Jaeger.Streaming.Schemas.Telemetry;

/// <summary>Registers self-tracing for a service, from <see cref="SelfTracingOptions"/>.</summary>
public static class SelfTracing
{
    /// <summary>Resource attribute on every self-span, so a reader of the spans can tell the pipeline's own traffic apart.</summary>
    public const string MarkerAttribute = "jaeger_streaming.self";

    /// <summary>
    /// When <c>Telemetry:SelfTracing:Enabled</c> is true, traces ASP.NET Core requests and <paramref name="sources"/>
    /// to the configured OTLP endpoint through <see cref="CappedSampler"/>. Otherwise registers nothing at all: no
    /// listener, no exporter. Invalid settings throw at registration, naming the key.
    /// </summary>
    public static IServiceCollection AddSelfTracing(this IServiceCollection services, IConfiguration configuration, string serviceName, params string[] sources)
    {
        var options = configuration.GetSection(SelfTracingOptions.Section).Get<SelfTracingOptions>() ?? new SelfTracingOptions();
        if (!options.Enabled)
        {
            return services;
        }

        var failures = Validate(options);
        if (failures.Count > 0)
        {
            throw new InvalidOperationException(string.Join(Environment.NewLine, failures));
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService(serviceName)
                .AddAttributes([new(MarkerAttribute, true)]))
            .WithTracing(tracing => tracing
                .AddSource("Microsoft.AspNetCore")
                .AddSource(sources)
                .SetSampler(provider => new CappedSampler(
                    options.SamplingRatio, options.MaxSpansPerSecond, provider.GetService<TimeProvider>() ?? TimeProvider.System))
                .AddOtlpExporter(otlp =>
                {
                    otlp.Endpoint = new Uri(options.Endpoint);
                    otlp.Protocol = options.Protocol == "grpc" ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                }));
        return services;
    }

    /// <summary>The reasons the settings cannot be used, each naming the key; empty when they can.</summary>
    public static IReadOnlyList<string> Validate(SelfTracingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            failures.Add($"{SelfTracingOptions.Section}:Endpoint '{options.Endpoint}' is not an absolute http(s) URL; set the OTLP endpoint, for example http://otel-collector:4317, or set {SelfTracingOptions.Section}:Enabled=false.");
        }

        if (options.Protocol is not ("grpc" or "http/protobuf"))
        {
            failures.Add($"{SelfTracingOptions.Section}:Protocol '{options.Protocol}' is not supported; use grpc or http/protobuf.");
        }

        if (options.SamplingRatio is < 0 or > 1 || double.IsNaN(options.SamplingRatio))
        {
            failures.Add($"{SelfTracingOptions.Section}:SamplingRatio {options.SamplingRatio} is out of range; use 0 to 1 (the default is 0.01).");
        }

        if (options.MaxSpansPerSecond is < 1 or > 10_000)
        {
            failures.Add($"{SelfTracingOptions.Section}:MaxSpansPerSecond {options.MaxSpansPerSecond} is out of range; use 1 to 10000 (the default is 10).");
        }

        return failures;
    }
}
