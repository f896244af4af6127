namespace Jaeger.Streaming.Ingester.Storage.Embedded;

/// <summary>How long the embedded store keeps spans, bound from <c>Storage:Embedded</c>. Only the writer enforces it.</summary>
internal sealed class EmbeddedRetentionOptions
{
    /// <summary>
    /// <c>Storage:Embedded:Retention</c>: spans that started longer ago than this are deleted. Default 7 days, long
    /// enough to look back across a weekend or a weekly traffic cycle while bounding the disk to about a week of spans
    /// (~1.5 KB each). <c>0</c> keeps spans forever.
    /// </summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The start-up error when <see cref="Retention"/> is negative, naming the key and the fix.</summary>
    public const string NegativeRetentionError =
        "Storage:Embedded:Retention is negative; set a duration such as 7.00:00:00 (7 days), or 0 to keep spans forever.";

    public bool IsValid => Retention >= TimeSpan.Zero;
}
