namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// One configured rule. A key rule (<see cref="Key"/>) acts on whole attributes whose key matches; a value rule
/// (<see cref="Value"/>, a regular expression) acts on the matching part of every string value, like a detector.
/// Example: <c>{ "Key": "user.*", "Action": "hash" }</c> or <c>{ "Name": "customer", "Value": "CUST-[0-9]{8}" }</c>.
/// </summary>
public sealed class RedactionRule
{
    /// <summary>Names the rule in the mask marker and the span summary. Defaults to <c>key</c> or <c>value</c>; letters, digits, <c>_ . -</c>.</summary>
    public string? Name { get; set; }

    /// <summary>Attribute key to match, case-insensitively, as <see cref="Match"/> says.</summary>
    public string? Key { get; set; }

    /// <summary>How <see cref="Key"/> matches: <c>exact</c>, <c>glob</c> (<c>*</c>, <c>?</c>) or <c>regex</c>. Defaults to glob when the key holds <c>*</c> or <c>?</c>, else exact.</summary>
    public string? Match { get; set; }

    /// <summary>Regular expression (.NET syntax) whose matches in any string value are redacted.</summary>
    public string? Value { get; set; }

    /// <summary><c>drop</c> (remove the attribute), <c>mask</c> (<c>[REDACTED:name]</c>) or <c>hash</c> (<c>[HASH:…]</c>, keyed). Defaults to mask.</summary>
    public string Action { get; set; } = "mask";
}
