using Jaeger.Streaming.Collector.Sampling.Strategies;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Collector.Sampling;

/// <summary><c>GET /api/sampling?service=S</c>: the service's strategy in Jaeger's JSON, or 400 naming what is wrong.</summary>
internal sealed class SamplingEndpoint(ISamplingStrategies strategies)
{
    public async Task HandleAsync(HttpContext context)
    {
        var values = context.Request.Query["service"];
        if (values.Count != 1)
        {
            await BadRequest(context, "The 'service' query parameter must be given once, for example /api/sampling?service=checkout.");
            return;
        }

        var service = values[0] ?? "";
        if (SamplingServiceName.Problem(service, "The 'service' query parameter") is { } problem)
        {
            await BadRequest(context, problem);
            return;
        }

        var body = StrategyJson.Write(strategies.For(service));
        context.Response.ContentType = "application/json";
        context.Response.Headers.CacheControl = "no-store";
        await context.Response.Body.WriteAsync(body, context.RequestAborted);
    }

    private static Task BadRequest(HttpContext context, string message)
    {
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message, context.RequestAborted);
    }
}
