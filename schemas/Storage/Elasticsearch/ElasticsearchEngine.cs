using System.Text.Json;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>The search engines whose index templates we provide.</summary>
public enum ElasticsearchEngine
{
    Elasticsearch7,
    Elasticsearch8,
    OpenSearch2,
}

public static class ElasticsearchEngines
{
    /// <summary>The engine from the root endpoint's answer (<c>GET /</c>): <c>version.distribution</c> and <c>version.number</c>.</summary>
    public static ElasticsearchEngine Detect(JsonElement root)
    {
        if (!root.TryGetProperty("version", out var version) || !version.TryGetProperty("number", out var number) || number.GetString() is not { } text)
        {
            throw new ElasticsearchException("The cluster's root endpoint answered without version.number; is this Elasticsearch or OpenSearch?");
        }

        if (version.TryGetProperty("distribution", out var distribution) && distribution.GetString() == "opensearch")
        {
            return ElasticsearchEngine.OpenSearch2;
        }

        var major = int.TryParse(text.Split('.')[0], System.Globalization.CultureInfo.InvariantCulture, out var m) ? m : 0;
        return major switch
        {
            7 => ElasticsearchEngine.Elasticsearch7,
            >= 8 => ElasticsearchEngine.Elasticsearch8,
            _ => throw new ElasticsearchException($"Elasticsearch {text} is not supported; use Elasticsearch 7.x or 8.x, or OpenSearch 2.x."),
        };
    }
}
