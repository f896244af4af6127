using System.Text.Json;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Api.V3;

/// <summary>
/// The v3 traces answer, <c>{"result": TracesData}</c>, all traces merged into one <c>TracesData</c> as Jaeger's
/// gateway streams them (clients group spans by <c>traceId</c>), written straight to the response body.
/// <c>withheldSpans</c> is ours, present only when the caller's scope left spans out.
/// </summary>
internal sealed class V3TracesResult(IReadOnlyList<ScopedTrace> traces, int withheldSpans) : IResult
{
    // Hands the written part to the transport now and then, so a large answer is not held whole in memory.
    private const int FlushBytes = 64 * 1024;

    // The structure is fixed by the writer and pinned by tests; checking every token again is wasted per span.
    private static readonly JsonWriterOptions Unchecked = new() { SkipValidation = true };

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        var body = response.BodyWriter;
        await using var json = new Utf8JsonWriter(body, Unchecked);
        json.WriteStartObject();
        json.WritePropertyName("result");
        json.WriteStartObject();
        var started = false;
        foreach (var trace in traces)
        {
            foreach (var resourceSpans in trace.Trace.ResourceSpans)
            {
                if (!started)
                {
                    json.WriteStartArray("resourceSpans");
                    started = true;
                }

                OtlpJsonWriter.Write(json, resourceSpans);
                if (json.BytesPending >= FlushBytes)
                {
                    json.Flush();
                    await body.FlushAsync(httpContext.RequestAborted);
                }
            }
        }

        if (started)
        {
            json.WriteEndArray();
        }

        json.WriteEndObject();
        if (withheldSpans > 0)
        {
            json.WriteNumber("withheldSpans", withheldSpans);
        }

        json.WriteEndObject();
        json.Flush();
        await body.FlushAsync(httpContext.RequestAborted);
    }
}
