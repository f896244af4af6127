namespace Jaeger.Streaming.Query.Parameters;

/// <summary>A request parameter that cannot be used; <see cref="BadParameterFilter"/> answers it with a 400.</summary>
internal sealed class QueryParameterException(string parameter, string problem)
    : Exception($"{parameter}: {problem}");
