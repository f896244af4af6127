namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// Settings of the ingester's redaction step, bound from <c>Ingester:Redaction</c> and validated at start-up.
/// Redaction runs between decode and write on every record; it is on by default with a built-in key deny-list,
/// value detectors, and URL and SQL scrubbers. See <c>docs/redaction.md</c>.
/// </summary>
public sealed class RedactionOptions : RedactionRuleSet
{
    public const string Section = "Ingester:Redaction";

    /// <summary>Whether spans are redacted at all. Defaults to <c>true</c>; turning it off is logged as a warning at start.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Whether the built-in key deny-list applies (password, secret, token, api key, authorization, cookie, session,
    /// credential, private key, and the same words in <c>http.request.header.*</c> / <c>http.response.header.*</c>).
    /// Defaults to <c>true</c>. Configured rules are checked before it, so a rule can override it for a key.
    /// </summary>
    public bool UseDefaultDenyList { get; set; } = true;

    /// <summary>
    /// Path of a file holding the HMAC-SHA256 key for the <c>hash</c> action (at least 16 bytes; surrounding
    /// whitespace is ignored). Required when any rule or detector hashes. The key is never logged.
    /// </summary>
    public string? HashKeyFile { get; set; }

    /// <summary>Value detectors that run on every string value, whatever its key.</summary>
    public DetectorOptions Detectors { get; set; } = new();

    /// <summary>Mask sensitive query parameters in <c>url.full</c>, <c>http.url</c>, <c>http.target</c>, <c>url.query</c>. Defaults to <c>true</c>.</summary>
    public bool ScrubUrls { get; set; } = true;

    /// <summary>Replace string and numeric literals with <c>?</c> in <c>db.statement</c> and <c>db.query.text</c>. Defaults to <c>true</c>.</summary>
    public bool ScrubSql { get; set; } = true;

    /// <summary>Also list the redacted attribute keys in <c>redaction.keys</c>. Defaults to <c>false</c>.</summary>
    public bool SummaryIncludesKeys { get; set; }

    /// <summary>Per-service overrides, by <c>service.name</c>: their rules win over the global ones, and their allow-lists add to them.</summary>
    public Dictionary<string, ServiceRedactionOptions> Services { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>Rules and allow-lists, either global or for one service.</summary>
public class RedactionRuleSet
{
    /// <summary>Key and value rules, checked in order before the default deny-list; the first matching key rule wins.</summary>
    public List<RedactionRule> Rules { get; set; } = [];

    /// <summary>Attribute keys (exact, or globs with <c>*</c> and <c>?</c>; case-insensitive) that are never redacted.</summary>
    public List<string> AllowKeys { get; set; } = [];

    /// <summary>Exact values (case-sensitive) that are never redacted, whole or where a detector finds them inside a longer text.</summary>
    public List<string> AllowValues { get; set; } = [];
}

/// <summary>Overrides for the spans of one service.</summary>
public sealed class ServiceRedactionOptions : RedactionRuleSet
{
    /// <summary>Detectors and scrubbers not run for this service, by name: email, card, ssn, iban, phone, jwt, credential, access_key, private_key, ip, url, sql.</summary>
    public List<string> DisabledDetectors { get; set; } = [];
}
