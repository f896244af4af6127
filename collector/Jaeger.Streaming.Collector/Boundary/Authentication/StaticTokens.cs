using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Jaeger.Streaming.Schemas.Secrets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// Static bearer tokens or API keys from <see cref="AuthenticationOptions.Credentials"/>. Tokens are kept and looked
/// up only as SHA-256 digests: the lookup's timing reveals nothing about a token, and no secret stays in memory.
/// A token file may hold several tokens, one per line, and is read again when it changes
/// (<see cref="AuthenticationOptions.ReloadInterval"/>): to rotate a token without refusing anyone, add the new one
/// beside the old, move the producers over, then remove the old one. A file that does not load keeps the previous tokens.
/// </summary>
internal sealed class StaticTokens
{
    private readonly ReloadingFiles<FrozenDictionary<string, Producer>> _producers;

    public StaticTokens(IOptions<AuthenticationOptions> options, TimeProvider time, ILogger<StaticTokens> logger)
    {
        var credentials = options.Value.Credentials;
        _producers = new ReloadingFiles<FrozenDictionary<string, Producer>>(
            "the producer tokens",
            [.. credentials.Select(credential => credential.TokenPath)],
            () => Load(credentials),
            loaded => $"{loaded.Count} token(s)",
            options.Value.ReloadInterval,
            time,
            logger);
    }

    /// <summary>The producer <paramref name="token"/> belongs to, or null.</summary>
    public Producer? Find(string token) => _producers.Current.GetValueOrDefault(Digest(token));

    private static FrozenDictionary<string, Producer> Load(List<ProducerCredential> credentials)
    {
        var producers = new Dictionary<string, Producer>(StringComparer.Ordinal);
        foreach (var credential in credentials)
        {
            IReadOnlySet<string>? services = credential.Services.Count == 0 ? null : credential.Services.ToFrozenSet(StringComparer.Ordinal);
            foreach (var token in TokenFile.Read(credential.TokenPath, AuthenticationOptionsValidator.MinTokenLength))
            {
                producers[Digest(token)] = new Producer(credential.Tenant, services);
            }
        }

        return producers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static string Digest(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
