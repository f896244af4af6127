using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Jaeger.Streaming.Query.Boundary;

/// <summary>
/// What an API request asks about, read leniently from its route and query string for access checks and the audit
/// log: a service, an operation, the trace ids, and the attribute <em>keys</em> searched for. Attribute values are
/// never kept: they may hold the very data the audit log must not copy. Malformed input yields nothing here; the
/// endpoint's own parsing answers 400 for it.
/// </summary>
internal sealed record RequestedData(string? Service, string? Operation, IReadOnlyList<string> TraceIds, IReadOnlyList<string> AttributeKeys)
{
    private static readonly string[] ServiceNames = ["service", "query.serviceName", "query.service_name"];
    private static readonly string[] OperationNames = ["operation", "query.operationName", "query.operation_name"];

    /// <summary>Read once per request and kept as a request feature: access control and the audit log both ask.</summary>
    public static RequestedData Of(HttpContext context)
    {
        if (context.Features.Get<RequestedData>() is { } read)
        {
            return read;
        }

        var query = context.Request.Query;
        var route = context.Request.RouteValues;
        var service = route["service"] as string ?? First(query, ServiceNames);
        var traceIds = route["traceId"] is string id ? [id] : query["traceID"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToList();

        var keys = new SortedSet<string>(StringComparer.Ordinal);
        AddJsonKeys(keys, query["query.attributes"]);
        AddJsonKeys(keys, query["tags"]);
        foreach (var tag in query["tag"])
        {
            if (tag?.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                keys.Add(tag[..colon]);
            }
        }

        var requested = new RequestedData(service, First(query, OperationNames), traceIds, [.. keys]);
        context.Features.Set(requested);
        return requested;
    }

    private static string? First(IQueryCollection query, string[] names) =>
        names.Select(n => query[n].FirstOrDefault(v => !string.IsNullOrEmpty(v))).FirstOrDefault(v => v is not null);

    private static void AddJsonKeys(SortedSet<string> keys, IEnumerable<string?> values)
    {
        foreach (var value in values)
        {
            if (string.IsNullOrEmpty(value))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(value);
                if (json.RootElement.ValueKind == JsonValueKind.Object)
                {
                    foreach (var property in json.RootElement.EnumerateObject())
                    {
                        keys.Add(property.Name);
                    }
                }
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                // The endpoint answers 400 for it (not JSON, or a name escaping half a surrogate pair); there are no keys to log.
            }
        }
    }
}
