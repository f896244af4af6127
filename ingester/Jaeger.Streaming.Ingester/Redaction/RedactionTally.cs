using System.Text;
using Google.Protobuf.Collections;
using OpenTelemetry.Proto.Common.V1;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// Counts what was redacted in one span (or one resource or scope) and writes the summary attributes:
/// <c>redaction.count</c>, <c>redaction.detectors</c> (<c>email:2,card:1</c>) and, if asked, <c>redaction.keys</c>.
/// It records names and keys only; never a value.
/// </summary>
internal sealed class RedactionTally(bool includeKeys)
{
    public const string CountAttribute = "redaction.count";
    public const string DetectorsAttribute = "redaction.detectors";
    public const string KeysAttribute = "redaction.keys";

    private readonly List<(string Name, int Count)> _byName = [];
    private readonly List<string> _keys = [];

    public int Total { get; private set; }

    /// <summary>What was counted, by detector or rule name, in the order first counted.</summary>
    public IReadOnlyList<(string Name, int Count)> Counts => _byName;

    public void Reset()
    {
        _byName.Clear();
        _keys.Clear();
        Total = 0;
    }

    public void Add(string name, int count, string location)
    {
        Total += count;
        var index = IndexOf(name);
        if (index < 0)
        {
            _byName.Add((name, count));
        }
        else
        {
            _byName[index] = (name, _byName[index].Count + count);
        }

        if (includeKeys && !_keys.Contains(location))
        {
            _keys.Add(location);
        }
    }

    private int IndexOf(string name)
    {
        for (var i = 0; i < _byName.Count; i++)
        {
            if (_byName[i].Name == name)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Reports the counts per detector, the same ones the summary attributes carry.</summary>
    public void ReportTo(IRedactionCounter? counter)
    {
        if (counter is null)
        {
            return;
        }

        foreach (var (name, count) in _byName)
        {
            counter.Redacted(name, count);
        }
    }

    /// <summary>Writes the summary when anything was redacted, replacing any summary attributes the client sent.</summary>
    public void WriteTo(RepeatedField<KeyValue> attributes)
    {
        if (Total == 0)
        {
            return;
        }

        var detectors = new StringBuilder();
        foreach (var (name, count) in _byName)
        {
            detectors.Append(detectors.Length == 0 ? "" : ",").Append(name).Append(':').Append(count);
        }

        Set(attributes, CountAttribute, new AnyValue { IntValue = Total });
        Set(attributes, DetectorsAttribute, new AnyValue { StringValue = detectors.ToString() });
        if (includeKeys)
        {
            Set(attributes, KeysAttribute, new AnyValue { StringValue = string.Join(',', _keys) });
        }
    }

    private static void Set(RepeatedField<KeyValue> attributes, string key, AnyValue value)
    {
        for (var i = 0; i < attributes.Count; i++)
        {
            if (attributes[i].Key == key)
            {
                attributes[i].Value = value;
                return;
            }
        }

        attributes.Add(new KeyValue { Key = key, Value = value });
    }
}
