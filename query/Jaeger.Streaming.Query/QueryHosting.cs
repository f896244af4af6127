using System.Net;
using Jaeger.Streaming.Query.Admin;
using Jaeger.Streaming.Query.Api.Legacy;
using Jaeger.Streaming.Query.Api.V3;
using Jaeger.Streaming.Query.Storage.Embedded;
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
        services.AddOptions<QueryOptions>().BindConfiguration(QueryOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<QueryOptions>, QueryOptionsValidator>();
        services.AddOptions<KestrelServerOptions>().Configure<IOptions<QueryOptions>>((kestrel, query) =>
        {
            Listen(kestrel, query.Value.ListenAddress, query.Value.Port);
            Listen(kestrel, query.Value.ListenAddress, query.Value.AdminPort);
        });
        services.TryAddSingleton(TimeProvider.System);
        services.AddEmbeddedTraceReader();
        return builder;
    }

    /// <summary>Maps API v3 and the legacy API on <c>Query:Port</c>, and health on <c>Query:AdminPort</c>.</summary>
    public static WebApplication MapQuery(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<QueryOptions>>().Value;

        var api = app.MapGroup("").OnlyOnPort(options.Port);
        api.MapApiV3();
        api.MapLegacyApi();
        app.MapGroup("").OnlyOnPort(options.AdminPort).MapHealth();
        return app;
    }

    private static void Listen(KestrelServerOptions kestrel, string listenAddress, int port)
    {
        if (QueryOptionsValidator.IsAny(listenAddress))
        {
            kestrel.ListenAnyIP(port);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(listenAddress), port);
        }
    }
}
