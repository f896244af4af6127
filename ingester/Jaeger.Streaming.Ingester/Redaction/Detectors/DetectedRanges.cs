namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// The matches found in one value, reused from value to value so that a value with no match allocates nothing.
/// Overlapping matches are merged, so that nothing of any of them survives.
/// </summary>
internal sealed class DetectedRanges
{
    private Range[] _ranges = new Range[8];

    public int Count { get; private set; }

    public Range this[int index] => _ranges[index];

    public void Clear() => Count = 0;

    public void Add(int start, int length, int source)
    {
        if (Count == _ranges.Length)
        {
            Array.Resize(ref _ranges, Count * 2);
        }

        _ranges[Count++] = new Range(start, length, source);
    }

    public void RemoveAt(int index)
    {
        Array.Copy(_ranges, index + 1, _ranges, index, Count - index - 1);
        Count--;
    }

    /// <summary>Sorts by start and merges overlaps; a merged range keeps the source of its first part.</summary>
    public void Normalize()
    {
        // Insertion sort: there are rarely more than a handful of matches.
        for (var i = 1; i < Count; i++)
        {
            var current = _ranges[i];
            var j = i - 1;
            while (j >= 0 && _ranges[j].Start > current.Start)
            {
                _ranges[j + 1] = _ranges[j];
                j--;
            }

            _ranges[j + 1] = current;
        }

        var merged = 0;
        for (var i = 1; i < Count; i++)
        {
            var last = _ranges[merged];
            var next = _ranges[i];
            if (next.Start < last.End)
            {
                _ranges[merged] = last with { Length = Math.Max(last.End, next.End) - last.Start };
            }
            else
            {
                _ranges[++merged] = next;
            }
        }

        Count = Count == 0 ? 0 : merged + 1;
    }

    internal readonly record struct Range(int Start, int Length, int Source)
    {
        public int End => Start + Length;
    }
}
