namespace Jaeger.Streaming.Schemas.Kafka;

/// <summary>Start-up checks of the files the security settings name, so a bad path fails before the first connection.</summary>
internal static class SecurityFile
{
    /// <summary>The file's text, or null after adding a failure that names the key, the path and the fix.</summary>
    public static string? CheckReadable(List<string> failures, string key, string path)
    {
        if (!File.Exists(path))
        {
            failures.Add($"{key} '{path}' does not exist; fix the path or mount the file.");
            return null;
        }

        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            failures.Add($"{key} '{path}' cannot be read ({e.GetType().Name}); give the service read access.");
            return null;
        }
    }

    /// <summary>Checks that a certificate or key file is PEM, the only encoding librdkafka reads from a location.</summary>
    public static void CheckPem(List<string> failures, string key, string? path, string marker, string what, string fix)
    {
        if (string.IsNullOrWhiteSpace(path) || CheckReadable(failures, key, path) is not { } text)
        {
            return;
        }

        if (!text.Contains(marker, StringComparison.Ordinal))
        {
            failures.Add($"{key} '{path}' holds no PEM {what} ({marker}); {fix}");
        }
    }
}
