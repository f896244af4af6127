using System.Net;
using Jaeger.Streaming.Query.Admin;
using Jaeger.Streaming.Query.Api.Legacy;
using Jaeger.Streaming.Query.Api.V3;
using Jaeger.Streaming.Query.Boundary;
using Jaeger.Streaming.Query.Boundary.Tls;
using Jaeger.Streaming.Query.Telemetry;
using Jaeger.Streaming.Query.Storage.Elasticsearch;
using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Query.Ui;
using Jaeger.Streaming.Schemas.Telemetry;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Tls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query;

/// <summary>Hosting of the query service: reads traces through the storage reader and serves Jaeger's APIs.</summary>
public static class QueryHosting
{
    /// <summary>
    /// Binds and validates <see cref="QueryOptions"/>, listens on <c>Query:Port</c> and <c>Query:AdminPort</c>,
    /// and registers the embedded store's reader (<c>Storage:Embedded:DataDir</c>).
    /// </summary>
    public static WebApplicationBuilder AddQuery(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.SectionName)
            .PostConfigure(options => options.BasePath = options.BasePath.TrimEnd('/'))
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueryOptions>, QueryOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<QueryOptions>, ListenerTls>((kestrel, query, tls) =>
        {
            Listen(kestrel, query.Value.ListenAddress, query.Value.Port, listen => tls.Apply(listen, ApiTls.Listener));
            Listen(kestrel, query.Value.ListenAddress, query.Value.AdminPort, _ => { });
        });
        services.AddQueryBoundary();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSelfTracing(builder.Configuration, "jaeger-streaming-query");
        if (StorageType.IsElasticsearch(builder.Configuration[StorageType.Key]))
        {
            services.AddElasticsearchTraceReader();
        }
        else
        {
            services.AddEmbeddedTraceReader();
        }
        services.TryAddSingleton<UiAssets>();
        return builder;
    }

    /// <summary>Maps API v3, the legacy API and the UI on <c>Query:Port</c>, and health on <c>Query:AdminPort</c>.</summary>
    public static WebApplication MapQuery(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<QueryOptions>>().Value;

        app.UseBasePath(options);
        app.UseQueryBoundary(options);
        var api = app.MapGroup("").OnlyOnPort(options.Port).RequireCallerScope();
        api.MapApiV3();
        api.MapLegacyApi();
        app.MapGroup("").OnlyOnPort(options.Port).MapUi();
        var admin = app.MapGroup("").OnlyOnPort(options.AdminPort);
        admin.MapHealth();
        admin.MapQueryMetrics();
        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, string listenAddress, int port, Action<ListenOptions> secure)
    {
        if (QueryOptionsValidator.IsAny(listenAddress))
        {
            kestrel.ListenAnyIP(port, secure);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(listenAddress), port, secure);
        }
    }
}
