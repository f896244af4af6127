using System.Text;
using Jaeger.Streaming.Ingester.Storage.Embedded;
using Jaeger.Streaming.Query.Api.Legacy;
using Jaeger.Streaming.Query.Api.V3;
using Jaeger.Streaming.Query.Boundary;
using Jaeger.Streaming.Query.Parameters;
using Jaeger.Streaming.Query.Storage;
using Jaeger.Streaming.Query.Storage.Elasticsearch;
using Jaeger.Streaming.Query.Storage.Embedded;
using Jaeger.Streaming.Schemas;
using Jaeger.Streaming.Schemas.Storage;
using Jaeger.Streaming.Schemas.Storage.Elasticsearch;
using Jaeger.Streaming.Schemas.Storage.Embedded;
using Jaeger.Streaming.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace Jaeger.Streaming.Fuzz.Targets;

/// <summary>
/// B4: a query string sent to the query service. What the boundary reads from it (access checks, the audit log) never
/// fails, and every read an endpoint makes of it either refuses it with the 400 a <see cref="QueryParameterException"/>
/// carries or gives a query both backends run: the embedded store, holding one trace, and the Elasticsearch reader's
/// index names and search bodies. The endpoints' reads are called here as their handlers call them.
/// </summary>
internal sealed class QueryParametersTarget : FuzzTarget
{
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 12, 0, 0, TimeSpan.Zero);

    private EmbeddedTraceReader? _embedded;
    private TraceId _stored;

    public override string Name => "query-parameters";

    public override string Corpus => SeedCorpus.QueryStrings;

    public override void Run(byte[] input)
    {
        _embedded ??= OpenStoreWithOneTrace();
        var query = new QueryCollection(QueryHelpers.ParseQuery(Encoding.UTF8.GetString(input)));
        var context = new DefaultHttpContext();
        context.Request.Query = query;
        RequestedData.Of(context);

        var parameters = new QueryParameters(query);
        Refused(() => Search(LegacyTraceSearch.Parse(parameters, Now)));
        Refused(() => Search(V3TraceQuery.Parse(parameters)));
        Refused(() => Dependencies(LegacyDependencyWindow.Parse(parameters, Now)));
        Refused(() => Trace(TimeWindows.From(LegacyTraceSearch.Microseconds(parameters, "start"), LegacyTraceSearch.Microseconds(parameters, "end"), "start")));
        Refused(() => Trace(TimeWindows.From(parameters.Time("start_time", "startTime"), parameters.Time("end_time", "endTime"), "start_time")));
        Refused(() => Operations(parameters.RequiredString("service"), SpanKindNames.Filter(parameters, "spanKind", "span_kind")));
        foreach (var id in parameters.All("traceID"))
        {
            Refused(() => TraceIdParameter.Parse("traceID", id));
        }
    }

    private static void Refused(Action read)
    {
        try
        {
            read();
        }
        catch (QueryParameterException)
        {
        }
        catch (TraceReadTooLargeException)
        {
        }
    }

    private void Search(TraceQuery query)
    {
        _embedded!.FindTracesAsync(ReadScope.Default, query, CancellationToken.None).GetAwaiter().GetResult();
        Elasticsearch.SpanReadIndices(query.StartTimeMin, query.StartTimeMax);
        SpanQueries.FindTraceIds(ReadScope.Default, query, query.SearchDepth).ToJsonString();
    }

    private void Dependencies(TimeWindow window)
    {
        _embedded!.GetDependenciesAsync(ReadScope.Default, window, CancellationToken.None).GetAwaiter().GetResult();
        Elasticsearch.SpanReadIndices(window.Start, window.End);
        SpanQueries.ChildSpans(ReadScope.Default, window, 100, null).ToJsonString();
    }

    private void Trace(TimeWindow? window)
    {
        _embedded!.GetTraceAsync(ReadScope.Default, _stored, window, CancellationToken.None).GetAwaiter().GetResult();
    }

    private void Operations(string service, OpenTelemetry.Proto.Trace.V1.Span.Types.SpanKind? kind)
    {
        _embedded!.GetOperationsAsync(ReadScope.Default, service, kind, CancellationToken.None).GetAwaiter().GetResult();
        SpanQueries.Operations(ReadScope.Default, service, kind is { } k ? JaegerSpanDocument.KindName(k) : null).ToJsonString();
    }

    private static JaegerIndexNames Elasticsearch => new("", useAliases: false);

    private EmbeddedTraceReader OpenStoreWithOneTrace()
    {
        var dataDir = Directory.CreateTempSubdirectory("jaeger-fuzz-query-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(dataDir, recursive: true);
        var options = new EmbeddedStoreOptions { DataDir = dataDir };
        using (var writer = new EmbeddedTraceWriter(options))
        {
            var trace = Otlp.NewTraceId();
            _stored = trace.Id;
            var spans = Otlp.ResourceSpans("frontend", Otlp.Span(trace, "GET /", Now.AddMinutes(-5)));
            writer.WriteAsync([writer.Prepare(TenantName.Default, [spans])], CancellationToken.None).GetAwaiter().GetResult();
        }

        return new EmbeddedTraceReader(options);
    }
}
