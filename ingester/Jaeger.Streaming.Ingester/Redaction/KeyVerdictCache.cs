using System.Collections.Concurrent;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// The verdicts of the keys seen so far, bounded. Every attribute of every span is looked up, so a slot per recently
/// seen key, picked by a few characters, answers most lookups with one string compare instead of hashing the whole key.
/// Thread-safe: slots hold immutable entries and a race only costs a lookup in the dictionary behind them.
/// </summary>
internal sealed class KeyVerdictCache(Func<string, KeyVerdict> decide)
{
    /// <summary>Bounds the cache: keys come from clients, and an unbounded cache would be theirs to fill.</summary>
    private const int MaxKeys = 10_000;

    /// <summary>A power of two, several times the keys a deployment's spans usually carry.</summary>
    private const int SlotCount = 1024;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Entry?[] _slots = new Entry?[SlotCount];

    public KeyVerdict Get(string key)
    {
        var slot = Slot(key);
        var recent = _slots[slot];
        if (recent is not null && string.Equals(recent.Key, key, StringComparison.Ordinal))
        {
            return recent.Verdict;
        }

        if (!_entries.TryGetValue(key, out var entry))
        {
            var verdict = decide(key);
            if (_entries.Count >= MaxKeys)
            {
                return verdict;
            }

            entry = _entries.GetOrAdd(key, new Entry(key, verdict));
        }

        _slots[slot] = entry;
        return entry.Verdict;
    }

    private static int Slot(string key) =>
        key.Length == 0 ? 0 : ((((key.Length * 31) + key[0]) * 31) + (key[key.Length / 2] * 7) + key[^1]) & (SlotCount - 1);

    private sealed record Entry(string Key, KeyVerdict Verdict);
}
