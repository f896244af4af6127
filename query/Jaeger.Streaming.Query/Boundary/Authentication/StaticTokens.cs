using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// The static API tokens, held and looked up only as SHA-256 digests: no token stays in memory, and a lookup's timing
/// says nothing about how close a guess was.
/// </summary>
internal sealed class StaticTokens
{
    public const int MinimumLength = 32;

    private readonly FrozenDictionary<string, StaticTokenOptions> _byDigest;

    public StaticTokens(IOptions<AuthenticationOptions> options)
    {
        var byDigest = new Dictionary<string, StaticTokenOptions>(StringComparer.Ordinal);
        if (options.Value.Modes.HasFlag(AuthenticationModes.Tokens))
        {
            foreach (var token in options.Value.Tokens)
            {
                byDigest[Digest(ReadToken(token.TokenPath))] = token;
            }
        }

        _byDigest = byDigest.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public static string ReadToken(string path) => File.ReadAllText(path).Trim();

    public static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>The configured token <paramref name="token"/> is, or null.</summary>
    public StaticTokenOptions? Find(string token) => _byDigest.GetValueOrDefault(Digest(token));
}
