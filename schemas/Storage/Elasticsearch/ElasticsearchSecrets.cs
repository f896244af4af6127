using Jaeger.Streaming.Schemas.Kafka;

namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>
/// The credential secrets of an Elasticsearch role. Each is a <see cref="SecretSource"/>, the same value-or-file secret
/// as Kafka's: the same start-up checks, the same trimming of a trailing newline, never logged.
/// </summary>
internal static class ElasticsearchSecrets
{
    /// <summary>Password, API key and bearer token, in that order.</summary>
    public static SecretSource[] Sources(ElasticsearchCredentials c, string key) =>
    [
        new($"{key}:Password", c.Password, $"{key}:PasswordFile", c.PasswordFile),
        new($"{key}:ApiKey", c.ApiKey, $"{key}:ApiKeyFile", c.ApiKeyFile),
        new($"{key}:BearerToken", c.BearerToken, $"{key}:BearerTokenFile", c.BearerTokenFile),
    ];

    /// <summary>The <c>Authorization</c> header value for the credential, or null for anonymous.</summary>
    public static string? AuthorizationHeader(ElasticsearchCredentials credentials, string key)
    {
        var sources = Sources(credentials, key);
        if (sources[1].IsSet)
        {
            return "ApiKey " + sources[1].Read();
        }

        if (sources[2].IsSet)
        {
            return "Bearer " + sources[2].Read();
        }

        if (!string.IsNullOrWhiteSpace(credentials.Username))
        {
            var pair = System.Text.Encoding.UTF8.GetBytes($"{credentials.Username}:{sources[0].Read()}");
            return "Basic " + Convert.ToBase64String(pair);
        }

        return null;
    }

    // The same start-up check as Kafka's secret files: a missing or unreadable path fails naming the key.
    public static string? CheckReadable(List<string> failures, string key, string path) =>
        SecurityFile.CheckReadable(failures, key, path);
}
