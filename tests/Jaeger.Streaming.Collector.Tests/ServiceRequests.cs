using Jaeger.Streaming.Testing;
using OpenTelemetry.Proto.Collector.Trace.V1;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Collector.Tests;

/// <summary>Requests of one service with a number of spans, for tests that count spans against quotas and credentials.</summary>
internal static class ServiceRequests
{
    public static ExportTraceServiceRequest Of(string service, int spans = 1, TraceIdBytes? traceId = null)
    {
        var trace = traceId ?? Otlp.NewTraceId();
        var batch = new Span[spans];
        for (var i = 0; i < spans; i++)
        {
            batch[i] = Otlp.Span(trace, $"op-{i}");
        }

        return Otlp.Request(Otlp.ResourceSpans(service, batch));
    }
}
