using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.Cors;

/// <summary>
/// The CORS policy of <c>POST /v1/traces</c> from <see cref="BrowserOriginsOptions"/>: POST only, the allowed origins
/// and headers, <c>Retry-After</c> readable by the page so the SDK can honour a 429 or 503. Credentials (cookies) are
/// never allowed: an exporter authenticates with a header, if at all.
/// </summary>
internal static class BrowserOriginsPolicy
{
    private const string Name = "otlp-browser-origins";

    // What the OpenTelemetry JS exporter sends: its content type, and the encoding when it compresses.
    private static readonly string[] AlwaysAllowedHeaders = ["Content-Type", "Content-Encoding"];

    public static IServiceCollection AddBrowserOrigins(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<BrowserOriginsOptions>().Bind(configuration.GetSection(BrowserOriginsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<BrowserOriginsOptions>, BrowserOriginsOptionsValidator>());
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<BrowserOriginsOptions>>((cors, origins) => cors.AddPolicy(Name, policy => Build(policy, origins.Value)));
        return services;
    }

    /// <summary>Puts the endpoint under the policy when any origin is allowed; otherwise it stays same-origin only, without CORS headers.</summary>
    public static TBuilder AllowBrowserOrigins<TBuilder>(this TBuilder endpoint, BrowserOriginsOptions options)
        where TBuilder : IEndpointConventionBuilder =>
        options.AllowedOrigins.Count == 0 ? endpoint : endpoint.RequireCors(Name);

    private static void Build(CorsPolicyBuilder policy, BrowserOriginsOptions options)
    {
        if (options.AllowedOrigins.Contains("*"))
        {
            policy.AllowAnyOrigin();
        }
        else
        {
            var patterns = options.AllowedOrigins.Select(origin => BrowserOrigin.Parse(origin, out _)).OfType<BrowserOrigin>().ToArray();
            policy.SetIsOriginAllowed(origin => Array.Exists(patterns, pattern => pattern.Matches(origin)));
        }

        if (options.AllowedHeaders.Contains("*"))
        {
            policy.AllowAnyHeader();
        }
        else
        {
            policy.WithHeaders([.. AlwaysAllowedHeaders, .. options.AllowedHeaders]);
        }

        policy.WithMethods(HttpMethods.Post).WithExposedHeaders("Retry-After").SetPreflightMaxAge(options.MaxAge);
    }
}
