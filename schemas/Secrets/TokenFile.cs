namespace Jaeger.Streaming.Schemas.Secrets;

/// <summary>
/// A static token file: one token, or several, one per line (surrounding whitespace and blank lines ignored), so that a
/// token can be rotated by listing the next beside the current one until every client has moved over.
/// </summary>
public static class TokenFile
{
    /// <summary>The tokens of <paramref name="path"/>.</summary>
    /// <exception cref="InvalidDataException">It holds no token, or one shorter than <paramref name="minimumLength"/>.</exception>
    public static string[] Read(string path, int minimumLength)
    {
        var tokens = File.ReadAllLines(path).Select(line => line.Trim()).Where(line => line.Length > 0).ToArray();
        if (tokens.Length == 0)
        {
            throw new InvalidDataException("it holds no token");
        }

        return Array.Find(tokens, token => token.Length < minimumLength) is { } weak
            ? throw new InvalidDataException($"it holds a token of {weak.Length} characters; a token needs at least {minimumLength}, e.g. from `openssl rand -hex 32`")
            : tokens;
    }
}
