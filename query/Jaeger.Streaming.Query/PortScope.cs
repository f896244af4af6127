using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jaeger.Streaming.Query;

/// <summary>
/// Serves a group only on connections accepted on one port, so the admin port never exposes traces. It checks the
/// socket's local port rather than the Host header, which proxies rewrite and clients can forge.
/// </summary>
internal static class PortScope
{
    public static RouteGroupBuilder OnlyOnPort(this RouteGroupBuilder group, int port) =>
        group.AddEndpointFilter((context, next) =>
        {
            // In-memory test servers have no socket (port 0): nothing to separate there.
            var local = context.HttpContext.Connection.LocalPort;
            return local == port || local == 0 ? next(context) : ValueTask.FromResult<object?>(Results.NotFound());
        });
}
