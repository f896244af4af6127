using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Ingester.Storage.Embedded;

/// <summary>The embedded store's prepared form of one tenant's spans: their rows, ready to bind.</summary>
internal sealed class EmbeddedPreparedSpans(string tenant, PreparedSpan[] rows) : PreparedSpans(tenant, rows.Length)
{
    public PreparedSpan[] Rows { get; } = rows;

    /// <summary>The rows of a batch's items, in order, as one array.</summary>
    public static PreparedSpan[] RowsOf(IReadOnlyList<PreparedSpans> batch)
    {
        var own = Of<EmbeddedPreparedSpans>(batch, nameof(EmbeddedTraceWriter));
        if (own.Length == 1)
        {
            return own[0].Rows;
        }

        var rows = new PreparedSpan[own.Sum(prepared => prepared.Rows.Length)];
        var next = 0;
        foreach (var prepared in own)
        {
            prepared.Rows.CopyTo(rows, next);
            next += prepared.Rows.Length;
        }

        return rows;
    }
}
