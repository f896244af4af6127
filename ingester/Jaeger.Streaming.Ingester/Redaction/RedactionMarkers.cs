namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>The text that replaces a redacted value; it names what was found, never what it was.</summary>
internal static class RedactionMarkers
{
    public static string Mask(string detector) => $"[REDACTED:{detector}]";
}
