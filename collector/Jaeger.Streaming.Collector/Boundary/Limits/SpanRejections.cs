using System.Text;

namespace Jaeger.Streaming.Collector.Boundary.Limits;

/// <summary>
/// Counts rejected spans per reason, with one example of each, for the OTLP partial-success message. Allocated only
/// once a request turns out to hold a rejected span.
/// </summary>
internal sealed class SpanRejections
{
    private const int ShownLength = 100;

    private readonly int[] _counts = new int[Enum.GetValues<SpanDefect>().Length];
    private readonly string?[] _examples = new string?[Enum.GetValues<SpanDefect>().Length];

    public int Total { get; private set; }

    /// <summary>Counts one span; <paramref name="example"/> is asked for only for the first span of each reason.</summary>
    public void Add<TState>(SpanDefect defect, TState state, Func<TState, string> example)
    {
        Total++;
        if (_counts[(int)defect]++ == 0)
        {
            _examples[(int)defect] = example(state);
        }
    }

    public int CountOf(SpanDefect defect) => _counts[(int)defect];

    /// <summary>"R of N spans rejected: k reason (e.g. …); …." naming every reason once, in <see cref="SpanDefect"/> order.</summary>
    public string Describe(int allSpans)
    {
        var text = new StringBuilder().Append(Total).Append(" of ").Append(allSpans).Append(" spans rejected: ");
        var separator = "";
        for (var i = 0; i < _counts.Length; i++)
        {
            if (_counts[i] > 0)
            {
                text.Append(separator).Append(_counts[i]).Append(' ').Append(_examples[i]);
                separator = "; ";
            }
        }

        return text.Append('.').ToString();
    }

    // Names, keys and ids come from the client; bound what we echo back.
    public static string Shown(string text) => text.Length <= ShownLength ? text : string.Concat(text.AsSpan(0, ShownLength), "…");

    public static string Hex(ReadOnlySpan<byte> id) => Convert.ToHexStringLower(id.Length <= 32 ? id : id[..32]);
}
