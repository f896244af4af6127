using System.Text.Json;
using Jaeger.Streaming.Query.Api.Legacy;
using Jaeger.Streaming.Query.Api.V3;
using OpenTelemetry.Proto.Trace.V1;

namespace Jaeger.Streaming.Fuzz;

/// <summary>What the query service writes for a trace: the legacy UI API's JSON, API v3's OTLP/JSON and its summary.</summary>
internal static class QueryAnswers
{
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>Writes every answer for <paramref name="trace"/>; a trace without spans is never answered, so it is skipped.</summary>
    public static void Write(TracesData trace)
    {
        if (trace.ResourceSpans.Count == 0)
        {
            return;
        }

        JsonSerializer.Serialize(JaegerTraceConverter.Convert(trace), Web);
        using var json = new Utf8JsonWriter(Stream.Null);
        json.WriteStartArray();
        foreach (var resourceSpans in trace.ResourceSpans)
        {
            OtlpJsonWriter.Write(json, resourceSpans);
        }

        json.WriteEndArray();
        TraceSummary.Of(trace);
    }
}
