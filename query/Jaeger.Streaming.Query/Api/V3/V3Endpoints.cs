using Jaeger.Streaming.Query.Parameters;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jaeger.Streaming.Query.Api.V3;

/// <summary>Jaeger API v3 over HTTP (DESIGN §2): traces as OTLP/JSON with hex ids, errors in the grpc-gateway shape.</summary>
internal static class V3Endpoints
{
    public static void MapApiV3(this IEndpointRouteBuilder routes)
    {
        var v3 = routes.MapGroup("/api/v3")
            .AnswerBadParametersWith(message => V3Errors.Of(StatusCodes.Status400BadRequest, message))
            .AnswerStorageFailuresWith(V3Errors.Of);
        v3.MapGet("/traces/{traceId}", GetTraceAsync);
        v3.MapGet("/traces", FindTracesAsync);
        v3.MapGet("/trace-summaries", FindTraceSummariesAsync);
        v3.MapGet("/services", GetServicesAsync);
        v3.MapGet("/operations", GetOperationsAsync);
    }

    private static async Task<IResult> GetTraceAsync(string traceId, HttpRequest request, ITraceReader reader, CancellationToken cancellationToken)
    {
        var id = TraceIdParameter.Parse("traceId", traceId);
        var parameters = new QueryParameters(request.Query);
        var window = TimeWindows.From(parameters.Time("start_time", "startTime"), parameters.Time("end_time", "endTime"), "start_time");
        var trace = await reader.GetTraceAsync(CallerScope.Of(request.HttpContext), id, window, cancellationToken);
        var withheld = Answered.Traces(request.HttpContext, trace is null ? [] : [trace]);
        return trace is null
            ? V3Errors.NotFound($"trace {id} not found")
            : new V3TracesResult([trace], withheld);
    }

    private static async Task<IResult> FindTracesAsync(HttpRequest request, ITraceReader reader, CancellationToken cancellationToken)
    {
        var query = V3TraceQuery.Parse(new QueryParameters(request.Query));
        var traces = await reader.FindTracesAsync(CallerScope.Of(request.HttpContext), query, cancellationToken);
        var withheld = Answered.Traces(request.HttpContext, traces);
        if (traces.Count == 0)
        {
            return V3Errors.NotFound("no trace matches the query");
        }

        return new V3TracesResult(traces, withheld);
    }

    private static async Task<IResult> FindTraceSummariesAsync(HttpRequest request, ITraceReader reader, CancellationToken cancellationToken)
    {
        var query = V3TraceQuery.Parse(new QueryParameters(request.Query));
        var traces = await reader.FindTracesAsync(CallerScope.Of(request.HttpContext), query, cancellationToken);
        Answered.Traces(request.HttpContext, traces);
        return Results.Json(new { summaries = traces.Select(t => TraceSummary.Of(t.Trace)).ToList() });
    }

    private static async Task<IResult> GetServicesAsync(HttpContext context, ITraceReader reader, CancellationToken cancellationToken)
    {
        var services = await reader.GetServicesAsync(CallerScope.Of(context), cancellationToken);
        Answered.Items(context, services.Count);
        return Results.Json(new { services });
    }

    private static async Task<IResult> GetOperationsAsync(HttpRequest request, ITraceReader reader, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(request.Query);
        var service = parameters.RequiredString("service");
        var kind = SpanKindNames.Filter(parameters, "spanKind", "span_kind");
        var operations = await reader.GetOperationsAsync(CallerScope.Of(request.HttpContext), service, kind, cancellationToken);
        Answered.Items(request.HttpContext, operations.Count);
        return Results.Json(new { operations = operations.Select(o => new { name = o.Name, spanKind = SpanKindNames.Name(o.SpanKind) }) });
    }
}
