using System.Globalization;
using Jaeger.Streaming.Query.Storage;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Jaeger.Streaming.Query.Api;

/// <summary>
/// A read the storage cannot serve is answered in the API's own error shape, never as a bare 500: an outage
/// (Elasticsearch unreachable or overloaded, the embedded store unreadable) is 503 with a retry delay, a refusal by
/// Elasticsearch 502, a read over the reader's span limit 422 naming the limit. What the storage said (node addresses,
/// file paths) goes to the query service's log, not to the caller.
/// </summary>
internal static class StorageFailureFilter
{
    private static readonly TimeSpan RetryAfter = TimeSpan.FromSeconds(5);

    public static RouteGroupBuilder AnswerStorageFailuresWith(this RouteGroupBuilder group, Func<int, string, IResult> error) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (TraceReadTooLargeException e)
            {
                return error(StatusCodes.Status422UnprocessableEntity, e.Message);
            }
            catch (Exception e) when (e is TraceStoreUnavailableException or ElasticsearchException)
            {
                var http = context.HttpContext;
                http.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(StorageFailureFilter))
                    .LogError(e, "The trace storage could not serve {Method} {Path}", http.Request.Method, http.Request.Path);
                if (e is ElasticsearchException { IsTransient: false } refused)
                {
                    return error(StatusCodes.Status502BadGateway,
                        $"The trace storage refused the read (Elasticsearch answered {refused.StatusCode} {refused.ErrorType}); the query service's log says why.");
                }

                http.Response.Headers.RetryAfter = ((int)RetryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                return error(StatusCodes.Status503ServiceUnavailable, "The trace storage is unavailable; try again shortly. The query service's log says why.");
            }
        });
}
