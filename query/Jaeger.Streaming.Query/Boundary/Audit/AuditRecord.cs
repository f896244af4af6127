using System.Text.Json.Serialization;

namespace Jaeger.Streaming.Query.Boundary.Audit;

/// <summary>
/// One audit line. <see cref="Parameters"/> names what was asked for (service, operation, trace ids, attribute keys)
/// and never an attribute value. <see cref="Outcome"/> is <c>denied</c> when authentication (401) or authorization
/// (403) refused the call, otherwise <c>allowed</c>, whatever the status. <see cref="ResultCount"/> is null when the
/// call was refused or its parameters were invalid (400).
/// </summary>
internal sealed record AuditRecord(
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("requestId")] string RequestId,
    [property: JsonPropertyName("subject")] string? Subject,
    [property: JsonPropertyName("tenant")] string? Tenant,
    [property: JsonPropertyName("roles")] IReadOnlyList<string> Roles,
    [property: JsonPropertyName("method")] string Method,
    [property: JsonPropertyName("route")] string Route,
    [property: JsonPropertyName("parameters")] AuditParameters Parameters,
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("outcome")] string Outcome,
    [property: JsonPropertyName("reason")] string? Reason,
    [property: JsonPropertyName("resultCount")] int? ResultCount,
    [property: JsonPropertyName("withheldSpans")] int WithheldSpans,
    [property: JsonPropertyName("clientAddress")] string? ClientAddress);

internal sealed record AuditParameters(
    [property: JsonPropertyName("service")] string? Service,
    [property: JsonPropertyName("operation")] string? Operation,
    [property: JsonPropertyName("traceIds")] IReadOnlyList<string> TraceIds,
    [property: JsonPropertyName("attributeKeys")] IReadOnlyList<string> AttributeKeys);
