using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// Static bearer tokens or API keys from <see cref="AuthenticationOptions.Credentials"/>. Tokens are kept and looked
/// up only as SHA-256 digests: the lookup's timing reveals nothing about a token, and no secret stays in memory.
/// </summary>
internal sealed class StaticTokens
{
    private readonly FrozenDictionary<string, Producer> _producers;

    public StaticTokens(IOptions<AuthenticationOptions> options)
    {
        var producers = new Dictionary<string, Producer>(StringComparer.Ordinal);
        foreach (var credential in options.Value.Credentials)
        {
            IReadOnlySet<string>? services = credential.Services.Count == 0 ? null : credential.Services.ToFrozenSet(StringComparer.Ordinal);
            producers[Digest(ReadToken(credential.TokenPath))] = new Producer(credential.Tenant, services);
        }

        _producers = producers.ToFrozenDictionary(StringComparer.Ordinal);
    }

    internal static string ReadToken(string path) => File.ReadAllText(path).Trim();

    /// <summary>The producer <paramref name="token"/> belongs to, or null.</summary>
    public Producer? Find(string token) => _producers.GetValueOrDefault(Digest(token));

    private static string Digest(string token) => Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(token)));
}
