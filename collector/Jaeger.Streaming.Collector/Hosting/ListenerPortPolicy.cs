using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Hosting;

/// <summary>
/// Serves an endpoint tagged with a <see cref="CollectorListener"/> only on connections to that listener's port.
/// It matches the local port, not the Host header, so it holds behind port mapping and proxies that rewrite Host.
/// </summary>
internal sealed class ListenerPortPolicy(IOptions<CollectorOptions> options, IOptions<Sampling.SamplingOptions> sampling) : MatcherPolicy, IEndpointSelectorPolicy
{
    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints)
    {
        for (var i = 0; i < endpoints.Count; i++)
        {
            if (endpoints[i].Metadata.GetMetadata<ListenerMetadata>() is not null)
            {
                return true;
            }
        }

        return false;
    }

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var port = httpContext.Connection.LocalPort;
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) && candidates[i].Endpoint.Metadata.GetMetadata<ListenerMetadata>() is { } listener && PortOf(listener.Listener) != port)
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }

    private int PortOf(CollectorListener listener) => listener switch
    {
        CollectorListener.Grpc => options.Value.GrpcPort,
        CollectorListener.Http => options.Value.HttpPort,
        CollectorListener.Sampling => sampling.Value.Port,
        CollectorListener.SamplingGrpc => sampling.Value.GrpcPort,
        _ => options.Value.AdminPort,
    };
}

/// <summary>Endpoint metadata naming the listener an endpoint belongs to.</summary>
internal sealed record ListenerMetadata(CollectorListener Listener);
