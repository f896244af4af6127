using Jaeger.Streaming.Collector.Boundary;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Common.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Pipeline;

/// <summary>
/// What rate limits and adaptive sampling count of an accepted request: its spans per <c>service.name</c>, in the
/// order the services first appear, and its root spans when asked for. The model path and the wire scan both fill
/// one, so the two paths count alike.
/// </summary>
internal sealed class SpanCensus
{
    public Dictionary<string, int> SpansPerService { get; } = new(StringComparer.Ordinal);

    public List<RootSpan> RootSpans { get; } = [];

    public void AddSpans(string service, int spans)
    {
        if (spans > 0)
        {
            SpansPerService[service] = SpansPerService.GetValueOrDefault(service) + spans;
        }
    }

    /// <summary>The census of a (validated) request; the service is per resource, so root spans are the only per-span walk.</summary>
    public static SpanCensus Of(ExportTraceServiceRequest request, bool withRootSpans)
    {
        var census = new SpanCensus();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var spans = 0;
            foreach (var scopeSpans in resourceSpans.ScopeSpans)
            {
                spans += scopeSpans.Spans.Count;
            }

            if (spans == 0)
            {
                continue;
            }

            var service = ServiceNames.Of(resourceSpans.Resource);
            census.AddSpans(service, spans);
            if (withRootSpans)
            {
                AddRootSpans(census.RootSpans, service, resourceSpans);
            }
        }

        return census;
    }

    private static void AddRootSpans(List<RootSpan> roots, string service, ResourceSpans resourceSpans)
    {
        var scopes = resourceSpans.ScopeSpans;
        for (var s = 0; s < scopes.Count; s++)
        {
            var spans = scopes[s].Spans;
            for (var i = 0; i < spans.Count; i++)
            {
                if (spans[i].ParentSpanId.IsEmpty)
                {
                    roots.Add(new RootSpan(service, spans[i].Name, ReportedProbability(spans[i])));
                }
            }
        }
    }

    private static double ReportedProbability(Span span)
    {
        var probabilistic = false;
        var param = double.NaN;
        var attributes = span.Attributes;
        for (var i = 0; i < attributes.Count; i++)
        {
            var attribute = attributes[i];
            if (attribute.Key == RootSpan.SamplerTypeKey)
            {
                probabilistic = attribute.Value?.StringValue == RootSpan.ProbabilisticSampler;
            }
            else if (attribute.Key == RootSpan.SamplerParamKey && attribute.Value is { } value)
            {
                param = value.ValueCase == AnyValue.ValueOneofCase.DoubleValue ? value.DoubleValue : double.NaN;
            }
        }

        return RootSpan.Probability(probabilistic, param);
    }
}
