namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>
/// A secret given either as a value (typically from an environment variable) or as a file (a mounted secret).
/// Only whether it is set is ever shown; the value itself leaves this type only towards the client (librdkafka, or the
/// Elasticsearch <c>Authorization</c> header).
/// </summary>
internal readonly record struct SecretSource(string ValueKey, string? Value, string FileKey, string? File)
{
    public const string Hidden = "***";

    public bool IsSet => !string.IsNullOrEmpty(Value) || !string.IsNullOrWhiteSpace(File);

    public bool IsAmbiguous => !string.IsNullOrEmpty(Value) && !string.IsNullOrWhiteSpace(File);

    /// <summary>What a secret looks like in logs: whether it is set, never what it is.</summary>
    public static string Describe(string? secret) => string.IsNullOrEmpty(secret) ? "" : Hidden;

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
            // The exception names the path and the reason; the content never got this far.
            throw new KafkaSecurityException([$"{FileKey} '{File}' cannot be read ({e.GetType().Name}); give the service read access."]);
        }
    }

    // `echo secret > file` and Kubernetes secrets often end in a newline that is not part of the secret.
    private static string TrimOneNewline(string text) =>
        text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2]
        : text.EndsWith('\n') ? text[..^1]
        : text;

    /// <summary>Checks the source on behalf of the validator: not both, and a readable, non-empty file.</summary>
    public void Check(List<string> failures)
    {
        if (IsAmbiguous)
        {
            failures.Add($"{ValueKey} and {FileKey} are both set; keep one (the file is preferred).");
            return;
        }

        if (!string.IsNullOrWhiteSpace(File) && SecurityFile.CheckReadable(failures, FileKey, File) is { } text && TrimOneNewline(text).Length == 0)
        {
            failures.Add($"{FileKey} '{File}' is empty; write the secret into it.");
        }
    }
}
