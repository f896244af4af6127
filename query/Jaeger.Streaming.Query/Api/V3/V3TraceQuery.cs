using Jaeger.Streaming.Query.Parameters;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Query.Api.V3;

/// <summary>
/// The search parameters of <c>/api/v3/traces</c> and <c>/api/v3/trace-summaries</c>, in camelCase or in the
/// snake_case spelling of Jaeger's HTTP gateway. <c>query.raw_traces</c> is accepted and ignored: traces are always raw.
/// </summary>
internal static class V3TraceQuery
{
    public static TraceQuery Parse(QueryParameters parameters)
    {
        var startMin = parameters.RequiredTime("query.startTimeMin", "query.start_time_min");
        var startMax = parameters.RequiredTime("query.startTimeMax", "query.start_time_max");
        if (startMin > startMax)
        {
            throw new QueryParameterException("query.startTimeMin", "is after query.startTimeMax; swap them");
        }

        var durationMin = parameters.Duration("query.durationMin", "query.duration_min");
        var durationMax = parameters.Duration("query.durationMax", "query.duration_max");
        if (durationMin > durationMax)
        {
            throw new QueryParameterException("query.durationMin", "is larger than query.durationMax");
        }

        return new TraceQuery
        {
            ServiceName = parameters.String("query.serviceName", "query.service_name"),
            OperationName = parameters.String("query.operationName", "query.operation_name"),
            StartTimeMin = startMin,
            StartTimeMax = startMax,
            DurationMin = durationMin,
            DurationMax = durationMax,
            Attributes = parameters.StringMap("query.attributes"),

            // query.num_traces is the name older Jaeger v3 clients send.
            SearchDepth = parameters.PositiveInt("query.searchDepth", "query.search_depth", "query.num_traces") ?? TraceQuery.DefaultSearchDepth,
        };
    }
}
