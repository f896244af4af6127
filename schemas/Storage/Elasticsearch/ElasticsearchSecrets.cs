namespace Jaeger.Streaming.Schemas.Storage.Elasticsearch;

/// <summary>A secret given as a value or as a file; only whether it is set is ever shown.</summary>
internal readonly record struct ElasticsearchSecret(string ValueKey, string? Value, string FileKey, string? File)
{
    public bool IsSet => !string.IsNullOrEmpty(Value) || !string.IsNullOrWhiteSpace(File);

    /// <summary>The secret, read from the file when one is given. Call after validation.</summary>
    public string Read()
    {
        if (string.IsNullOrWhiteSpace(File))
        {
            return Value ?? "";
        }

        try
        {
            return TrimOneNewline(System.IO.File.ReadAllText(File));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidOperationException($"{FileKey} '{File}' cannot be read ({e.GetType().Name}); give the service read access.", e);
        }
    }

    public void Check(List<string> failures)
    {
        if (!string.IsNullOrEmpty(Value) && !string.IsNullOrWhiteSpace(File))
        {
            failures.Add($"{ValueKey} and {FileKey} are both set; keep one (the file is preferred).");
        }
        else if (!string.IsNullOrWhiteSpace(File) && ElasticsearchSecrets.CheckReadable(failures, FileKey, File) is { } text && TrimOneNewline(text).Length == 0)
        {
            failures.Add($"{FileKey} '{File}' is empty; write the secret into it.");
        }
    }

    // `echo secret > file` and Kubernetes secrets often end in a newline that is not part of the secret.
    private static string TrimOneNewline(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.EndsWith('\n') ? text[..^1] : text;
}

internal static class ElasticsearchSecrets
{
    /// <summary>Password, API key and bearer token, in that order.</summary>
    public static ElasticsearchSecret[] Sources(ElasticsearchCredentials c, string key) =>
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
        Kafka.SecurityFile.CheckReadable(failures, key, path);
}
