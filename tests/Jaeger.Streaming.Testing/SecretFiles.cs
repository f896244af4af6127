namespace Jaeger.Streaming.Testing;

/// <summary>Rotating a mounted secret in a test.</summary>
public static class SecretFiles
{
    /// <summary>
    /// Replaces <paramref name="path"/>'s content, as a secret mount does, and moves its write time past the previous
    /// one, so that back-to-back writes within a file system's time resolution still look changed.
    /// </summary>
    public static void Rewrite(string path, string content)
    {
        var previous = File.Exists(path) ? File.GetLastWriteTimeUtc(path) : DateTime.MinValue;
        File.WriteAllText(path, content);
        var written = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, (written > previous ? written : previous).AddSeconds(1));
    }
}
