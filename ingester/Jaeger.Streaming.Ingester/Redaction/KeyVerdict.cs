using Jaeger.Streaming.Ingester.Redaction.Detectors;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>How an attribute is treated because of its key; decided once per key and cached.</summary>
internal sealed class KeyVerdict
{
    public static readonly KeyVerdict Detect = new(KeyTreatment.Detect, RedactionAction.Mask, DetectorNames.Key);
    public static readonly KeyVerdict Allow = new(KeyTreatment.Allow, RedactionAction.Mask, DetectorNames.Key);
    public static readonly KeyVerdict ScrubUrl = new(KeyTreatment.ScrubUrl, RedactionAction.Mask, DetectorNames.Url);
    public static readonly KeyVerdict ScrubQuery = new(KeyTreatment.ScrubQuery, RedactionAction.Mask, DetectorNames.Url);
    public static readonly KeyVerdict ScrubSql = new(KeyTreatment.ScrubSql, RedactionAction.Mask, DetectorNames.Sql);

    public KeyVerdict(KeyTreatment treatment, RedactionAction action, string name)
    {
        Treatment = treatment;
        Action = action;
        Name = name;
        Marker = RedactionMarkers.Mask(name);
    }

    public KeyTreatment Treatment { get; }

    /// <summary>For <see cref="KeyTreatment.Redact"/>: what happens to the whole value.</summary>
    public RedactionAction Action { get; }

    /// <summary>The rule or scrubber name counted in the summary.</summary>
    public string Name { get; }

    public string Marker { get; }

    public static KeyVerdict Redact(RedactionAction action, string name) => new(KeyTreatment.Redact, action, name);
}

internal enum KeyTreatment : byte
{
    /// <summary>Only the value detectors run.</summary>
    Detect,

    /// <summary>Allow-listed: left as it is.</summary>
    Allow,

    /// <summary>A key rule or the deny-list matched: the whole value is dropped, masked or hashed.</summary>
    Redact,

    /// <summary>A URL: sensitive parameters are masked, then the detectors run.</summary>
    ScrubUrl,

    /// <summary>A bare query string (<c>url.query</c>).</summary>
    ScrubQuery,

    /// <summary>A SQL statement: literals become <c>?</c>, then the detectors run.</summary>
    ScrubSql,
}
