using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// The static API tokens, held and looked up only as SHA-256 digests: no token stays in memory, and a lookup's timing
/// says nothing about how close a guess was. A token file may hold several tokens, one per line (<see cref="TokenFile"/>),
/// and is read again when it changes (<see cref="AuthenticationOptions.ReloadInterval"/>); a file that does not load,
/// or that would give two callers one token, keeps the previous tokens.
/// </summary>
internal sealed class StaticTokens
{
    public const int MinimumLength = 32;

    private readonly ReloadingFiles<FrozenDictionary<string, StaticTokenOptions>> _byDigest;

    public StaticTokens(IOptions<AuthenticationOptions> options, TimeProvider time, ILogger<StaticTokens> logger)
    {
        var tokens = options.Value.Modes.HasFlag(AuthenticationModes.Tokens) ? options.Value.Tokens : [];
        _byDigest = new ReloadingFiles<FrozenDictionary<string, StaticTokenOptions>>(
            "the API tokens",
            [.. tokens.Select(token => token.TokenPath)],
            () => Load(tokens),
            loaded => $"{loaded.Count} token(s)",
            options.Value.ReloadInterval,
            time,
            logger);
    }

    /// <summary>Every configured token by its digest; throws <see cref="InvalidDataException"/> when a file is unusable or two entries share a token.</summary>
    public static FrozenDictionary<string, StaticTokenOptions> Load(IEnumerable<StaticTokenOptions> tokens)
    {
        var byDigest = new Dictionary<string, StaticTokenOptions>(StringComparer.Ordinal);
        foreach (var token in tokens)
        {
            foreach (var secret in TokenFile.Read(token.TokenPath, MinimumLength))
            {
                if (byDigest.TryGetValue(Digest(secret), out var other) && other != token)
                {
                    throw new InvalidDataException($"'{token.TokenPath}' holds the same token as the entry '{other.Name}'; give every caller its own token");
                }

                byDigest[Digest(secret)] = token;
            }
        }

        return byDigest.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>The configured token <paramref name="token"/> is, or null.</summary>
    public StaticTokenOptions? Find(string token) => _byDigest.Current.GetValueOrDefault(Digest(token));

    private static string Digest(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
