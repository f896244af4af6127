using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jaeger.Streaming.Query.Parameters;

/// <summary>
/// Turns a <see cref="QueryParameterException"/> anywhere in a group's handlers into that API's own 400 body,
/// so handlers stay linear and bad input can never surface as a 5xx.
/// </summary>
internal static class BadParameterFilter
{
    public static RouteGroupBuilder AnswerBadParametersWith(this RouteGroupBuilder group, Func<string, IResult> badRequest) =>
        group.AddEndpointFilter(async (context, next) =>
        {
            try
            {
                return await next(context);
            }
            catch (QueryParameterException e)
            {
                return badRequest(e.Message);
            }
        });
}
