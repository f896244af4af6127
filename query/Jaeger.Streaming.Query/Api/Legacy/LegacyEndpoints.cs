using Jaeger.Streaming.Query.Parameters;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Jaeger.Streaming.Query.Api.Legacy;

/// <summary>The HTTP API older Jaeger UIs call (DESIGN §2), answering in Jaeger's UI JSON model.</summary>
internal static class LegacyEndpoints
{
    public static void MapLegacyApi(this IEndpointRouteBuilder routes)
    {
        var api = routes.MapGroup("/api")
            .AnswerBadParametersWith(message => LegacyResponses.Error(StatusCodes.Status400BadRequest, message))
            .AnswerStorageFailuresWith(LegacyResponses.Error);
        api.MapGet("/services", GetServicesAsync);
        api.MapGet("/services/{service}/operations", GetServiceOperationsAsync);
        api.MapGet("/operations", GetOperationsAsync);
        api.MapGet("/traces", FindTracesAsync);
        api.MapGet("/traces/{traceId}", GetTraceAsync);
        api.MapGet("/dependencies", GetDependenciesAsync);
    }

    private static async Task<IResult> GetServicesAsync(HttpContext context, ITraceReader reader, CancellationToken cancellationToken)
    {
        var services = await reader.GetServicesAsync(CallerScope.Of(context), cancellationToken);
        Answered.Items(context, services.Count);
        return LegacyResponses.Data(services);
    }

    private static async Task<IResult> GetServiceOperationsAsync(string service, HttpContext context, ITraceReader reader, CancellationToken cancellationToken)
    {
        var operations = await reader.GetOperationsAsync(CallerScope.Of(context), service, null, cancellationToken);
        Answered.Items(context, operations.Count);
        return LegacyResponses.Data(operations.Select(o => o.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    private static async Task<IResult> GetOperationsAsync(HttpRequest request, ITraceReader reader, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(request.Query);
        var service = parameters.RequiredString("service");
        var kind = SpanKindNames.Filter(parameters, "spanKind");
        var operations = await reader.GetOperationsAsync(CallerScope.Of(request.HttpContext), service, kind, cancellationToken);
        Answered.Items(request.HttpContext, operations.Count);
        return LegacyResponses.Data(operations.Select(o => new JaegerOperation(o.Name, SpanKindNames.Name(o.SpanKind))).ToList());
    }

    private static async Task<IResult> FindTracesAsync(HttpRequest request, ITraceReader reader, TimeProvider time, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(request.Query);
        var scope = CallerScope.Of(request.HttpContext);

        // The UI's "find by trace id" sends repeated traceID and nothing else that matters.
        var ids = parameters.All("traceID");
        if (ids.Count > 0)
        {
            var found = new List<ScopedTrace>(ids.Count);
            foreach (var id in ids)
            {
                if (await reader.GetTraceAsync(scope, TraceIdParameter.Parse("traceID", id), null, cancellationToken) is { } trace)
                {
                    found.Add(trace);
                }
            }

            Answered.Traces(request.HttpContext, found);
            return LegacyResponses.Data(found.Select(JaegerTraceConverter.Convert).ToList());
        }

        var query = LegacyTraceSearch.Parse(parameters, time.GetUtcNow());
        var traces = await reader.FindTracesAsync(scope, query, cancellationToken);
        Answered.Traces(request.HttpContext, traces);
        return LegacyResponses.Data(traces.Select(JaegerTraceConverter.Convert).ToList(), query.SearchDepth);
    }

    private static async Task<IResult> GetTraceAsync(string traceId, HttpRequest request, ITraceReader reader, CancellationToken cancellationToken)
    {
        var id = TraceIdParameter.Parse("traceID", traceId);
        var parameters = new QueryParameters(request.Query);
        var window = TimeWindows.From(LegacyTraceSearch.Microseconds(parameters, "start"), LegacyTraceSearch.Microseconds(parameters, "end"), "start");
        var trace = await reader.GetTraceAsync(CallerScope.Of(request.HttpContext), id, window, cancellationToken);
        Answered.Traces(request.HttpContext, trace is null ? [] : [trace]);
        return trace is null
            ? LegacyResponses.Error(StatusCodes.Status404NotFound, $"trace {id} not found")
            : LegacyResponses.Data([JaegerTraceConverter.Convert(trace)]);
    }

    private static async Task<IResult> GetDependenciesAsync(HttpRequest request, ITraceReader reader, TimeProvider time, CancellationToken cancellationToken)
    {
        var window = LegacyDependencyWindow.Parse(new QueryParameters(request.Query), time.GetUtcNow());
        var links = await reader.GetDependenciesAsync(CallerScope.Of(request.HttpContext), window, cancellationToken);
        Answered.Items(request.HttpContext, links.Count);
        return LegacyResponses.Data(links.Select(l => new JaegerDependency(l.Parent, l.Child, l.CallCount, l.ErrorCount)).ToList());
    }
}
