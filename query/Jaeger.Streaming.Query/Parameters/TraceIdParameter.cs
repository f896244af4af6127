using Jaeger.Streaming.Schemas;

namespace Jaeger.Streaming.Query.Parameters;

/// <summary>A trace id in a path or query string: up to 32 hex characters, not all zeros (W3C forbids that id).</summary>
internal static class TraceIdParameter
{
    public static TraceId Parse(string parameter, string? text) =>
        TraceId.TryParse(text, out var id) && !id.Value.IsEmpty
            ? id.Value
            : throw new QueryParameterException(parameter, $"'{text}' is not a trace id; use 32 hex characters, not all zeros");
}
