namespace Jaeger.Streaming.Ingester.Redaction.Detectors;

/// <summary>
/// Finds one kind of sensitive text inside a string value. <see cref="MightContain"/> is a cheap pre-scan, so the
/// costlier search runs only on the few values that could hold a match.
/// </summary>
internal abstract class ValueDetector(string name)
{
    /// <summary>Names the detector in the mask marker and the span summary, e.g. <c>email</c>.</summary>
    public string Name { get; } = name;

    /// <summary>
    /// Whether this detector can match text whose profile is quiet (<see cref="TextProfile.IsQuiet"/>). The built-in
    /// detectors cannot, so for most values none of them is even asked.
    /// </summary>
    public virtual bool CanMatchQuietText => false;

    public abstract bool MightContain(ReadOnlySpan<char> text, in TextProfile profile);

    /// <summary>Adds each match as a range tagged with <paramref name="source"/>.</summary>
    public abstract void Find(ReadOnlySpan<char> text, DetectedRanges found, int source);
}
