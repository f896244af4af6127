using Jaeger.Streaming.Query.Boundary.Audit;
using Jaeger.Streaming.Query.Boundary.Authentication;
using Jaeger.Streaming.Query.Boundary.Authorization;
using Jaeger.Streaming.Query.Boundary.Proxies;
using Jaeger.Streaming.Query.Boundary.Tls;
using Jaeger.Streaming.Query.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Prometheus;

namespace Jaeger.Streaming.Query.Boundary;

/// <summary>
/// The B4 controls in one place, in the order a request meets them: TLS on the API listener, the client's address
/// as a trusted proxy forwarded it, then for every API call the audit line and metrics around authentication, RBAC
/// and the handler.
/// </summary>
internal static class QueryBoundary
{
    public static IServiceCollection AddQueryBoundary(this IServiceCollection services)
    {
        services.AddApiTls();
        services.AddTrustedProxies();

        services.AddQueryAuthentication();
        services.AddOptions<AuthorizationOptions>().BindConfiguration(AuthorizationOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuthorizationOptions>, AuthorizationOptionsValidator>();
        services.AddSingleton<RolePolicy>();

        services.AddOptions<AuditOptions>().BindConfiguration(AuditOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<AuditOptions>, AuditOptionsValidator>();
        services.AddSingleton<AuditLog>();

        services.AddSingleton(_ => Metrics.NewCustomRegistry());
        services.AddSingleton<QueryMetrics>();
        return services;
    }

    /// <summary>Takes the client's address from a trusted proxy, then audits and measures every call under <c>/api</c> on the API port.</summary>
    public static WebApplication UseQueryBoundary(this WebApplication app, QueryOptions options)
    {
        app.UseTrustedProxies();
        app.UseWhen(
            context => context.Connection.LocalPort != options.AdminPort && context.Request.Path.StartsWithSegments("/api", StringComparison.Ordinal),
            api => api.UseMiddleware<AuditMiddleware>().UseMiddleware<RequestMetricsMiddleware>());
        return app;
    }

    /// <summary>Authentication and RBAC in front of every endpoint of <paramref name="api"/>.</summary>
    public static RouteGroupBuilder RequireCallerScope(this RouteGroupBuilder api) => api.AddEndpointFilter<RouteGroupBuilder, AccessFilter>();
}
