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
        var api = routes.MapGroup("/api").AnswerBadParametersWith(message => LegacyResponses.Error(StatusCodes.Status400BadRequest, message));
        api.MapGet("/services", GetServicesAsync);
        api.MapGet("/services/{service}/operations", GetServiceOperationsAsync);
        api.MapGet("/operations", GetOperationsAsync);
        api.MapGet("/traces", FindTracesAsync);
        api.MapGet("/traces/{traceId}", GetTraceAsync);
        api.MapGet("/dependencies", GetDependencies);
    }

    private static async Task<IResult> GetServicesAsync(ITraceReader reader, CancellationToken cancellationToken) =>
        LegacyResponses.Data(await reader.GetServicesAsync(cancellationToken));

    private static async Task<IResult> GetServiceOperationsAsync(string service, ITraceReader reader, CancellationToken cancellationToken)
    {
        var operations = await reader.GetOperationsAsync(service, null, cancellationToken);
        return LegacyResponses.Data(operations.Select(o => o.Name).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList());
    }

    private static async Task<IResult> GetOperationsAsync(HttpRequest request, ITraceReader reader, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(request.Query);
        var service = parameters.RequiredString("service");
        var kind = SpanKindNames.Filter(parameters, "spanKind");
        var operations = await reader.GetOperationsAsync(service, kind, cancellationToken);
        return LegacyResponses.Data(operations.Select(o => new JaegerOperation(o.Name, SpanKindNames.Name(o.SpanKind))).ToList());
    }

    private static async Task<IResult> FindTracesAsync(HttpRequest request, ITraceReader reader, TimeProvider time, CancellationToken cancellationToken)
    {
        var parameters = new QueryParameters(request.Query);

        // The UI's "find by trace id" sends repeated traceID and nothing else that matters.
        var ids = parameters.All("traceID");
        if (ids.Count > 0)
        {
            var found = new List<JaegerTrace>(ids.Count);
            foreach (var id in ids)
            {
                if (await reader.GetTraceAsync(TraceIdParameter.Parse("traceID", id), null, cancellationToken) is { ResourceSpans.Count: > 0 } trace)
                {
                    found.Add(JaegerTraceConverter.Convert(trace));
                }
            }

            return LegacyResponses.Data(found);
        }

        var query = LegacyTraceSearch.Parse(parameters, time.GetUtcNow());
        var traces = await reader.FindTracesAsync(query, cancellationToken);
        return LegacyResponses.Data(traces.Select(JaegerTraceConverter.Convert).ToList(), query.SearchDepth);
    }

    private static async Task<IResult> GetTraceAsync(string traceId, HttpRequest request, ITraceReader reader, CancellationToken cancellationToken)
    {
        var id = TraceIdParameter.Parse("traceID", traceId);
        var parameters = new QueryParameters(request.Query);
        var window = TimeWindows.From(LegacyTraceSearch.Microseconds(parameters, "start"), LegacyTraceSearch.Microseconds(parameters, "end"), "start");
        var trace = await reader.GetTraceAsync(id, window, cancellationToken);
        return trace is null || trace.ResourceSpans.Count == 0
            ? LegacyResponses.Error(StatusCodes.Status404NotFound, $"trace {id} not found")
            : LegacyResponses.Data([JaegerTraceConverter.Convert(trace)]);
    }

    private static IResult GetDependencies(HttpRequest request)
    {
        // Dependency links need their own storage, which a later issue adds. Until then the graph is honestly
        // empty rather than guessed from a sample of traces. The parameters are still checked, as Jaeger does.
        var parameters = new QueryParameters(request.Query);
        _ = parameters.Long("endTs");
        _ = parameters.Long("lookback");
        return LegacyResponses.Data(Array.Empty<JaegerDependency>());
    }
}
