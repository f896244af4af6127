using System.Text.Json.Serialization;

namespace Jaeger.Streaming.Query.Api.Legacy;

// Jaeger's UI JSON model (jaeger/model/json), the shape every Jaeger UI version reads. Names are pinned with
// attributes because Jaeger spells ids "traceID"/"spanID", which no naming policy produces.

/// <summary>The envelope of every legacy answer.</summary>
internal sealed record JaegerUiResponse(
    [property: JsonPropertyName("data")] object? Data,
    [property: JsonPropertyName("total")] int Total,
    [property: JsonPropertyName("limit")] int Limit,
    [property: JsonPropertyName("offset")] int Offset,
    [property: JsonPropertyName("errors")] IReadOnlyList<JaegerUiError>? Errors);

internal sealed record JaegerUiError(
    [property: JsonPropertyName("code")] int Code,
    [property: JsonPropertyName("msg")] string Msg);

internal sealed record JaegerTrace(
    [property: JsonPropertyName("traceID")] string TraceId,
    [property: JsonPropertyName("spans")] IReadOnlyList<JaegerSpan> Spans,
    [property: JsonPropertyName("processes")] IReadOnlyDictionary<string, JaegerProcess> Processes)
{
    /// <summary>Shown by the Jaeger UI above the trace; here, that the caller's scope withheld some spans.</summary>
    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings { get; init; }
}

internal sealed record JaegerSpan(
    [property: JsonPropertyName("traceID")] string TraceId,
    [property: JsonPropertyName("spanID")] string SpanId,
    [property: JsonPropertyName("operationName")] string OperationName,
    [property: JsonPropertyName("references")] IReadOnlyList<JaegerReference> References,
    [property: JsonPropertyName("flags")] uint Flags,
    [property: JsonPropertyName("startTime")] ulong StartTime,
    [property: JsonPropertyName("duration")] ulong Duration,
    [property: JsonPropertyName("tags")] IReadOnlyList<JaegerKeyValue> Tags,
    [property: JsonPropertyName("logs")] IReadOnlyList<JaegerLog> Logs,
    [property: JsonPropertyName("processID")] string ProcessId)
{
    [JsonPropertyName("warnings")]
    public IReadOnlyList<string>? Warnings => null;
}

/// <summary><c>CHILD_OF</c> for the parent, <c>FOLLOWS_FROM</c> for links.</summary>
internal sealed record JaegerReference(
    [property: JsonPropertyName("refType")] string RefType,
    [property: JsonPropertyName("traceID")] string TraceId,
    [property: JsonPropertyName("spanID")] string SpanId);

/// <summary>A tag; <see cref="Type"/> is string, bool, int64, float64 or binary, and numbers are JSON numbers.</summary>
internal sealed record JaegerKeyValue(
    [property: JsonPropertyName("key")] string Key,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("value")] object Value);

internal sealed record JaegerLog(
    [property: JsonPropertyName("timestamp")] ulong Timestamp,
    [property: JsonPropertyName("fields")] IReadOnlyList<JaegerKeyValue> Fields);

internal sealed record JaegerProcess(
    [property: JsonPropertyName("serviceName")] string ServiceName,
    [property: JsonPropertyName("tags")] IReadOnlyList<JaegerKeyValue> Tags);

internal sealed record JaegerOperation(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("spanKind")] string SpanKind);

/// <summary>An edge of the service dependency graph; <c>errorCount</c> is ours (child spans with status error), Jaeger's UI ignores it.</summary>
internal sealed record JaegerDependency(
    [property: JsonPropertyName("parent")] string Parent,
    [property: JsonPropertyName("child")] string Child,
    [property: JsonPropertyName("callCount")] long CallCount,
    [property: JsonPropertyName("errorCount")] long ErrorCount);
