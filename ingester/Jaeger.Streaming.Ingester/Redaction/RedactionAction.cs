namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>What happens to a redacted value.</summary>
internal enum RedactionAction
{
    /// <summary>Replaced by <c>[REDACTED:name]</c>.</summary>
    Mask,

    /// <summary>Replaced by a keyed HMAC token, so equal values still join across spans.</summary>
    Hash,

    /// <summary>The attribute is removed; where there is no attribute to remove (a span name), it is masked.</summary>
    Drop,
}

internal static class RedactionActions
{
    public const string Choices = "drop, mask or hash";

    public static bool TryParse(string? text, out RedactionAction action)
    {
        action = RedactionAction.Mask;
        switch (text?.Trim().ToLowerInvariant())
        {
            case "mask":
                return true;
            case "hash":
                action = RedactionAction.Hash;
                return true;
            case "drop":
                action = RedactionAction.Drop;
                return true;
            default:
                return false;
        }
    }
}
