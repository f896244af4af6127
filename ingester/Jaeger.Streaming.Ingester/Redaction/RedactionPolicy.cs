using System.Collections.Frozen;
using System.Text;
using Jaeger.Streaming.Ingester.Redaction.Detectors;
using Jaeger.Streaming.Ingester.Redaction.Scrubbers;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// The rules in force for one service (or the global ones), compiled: which keys are allowed, redacted or scrubbed,
/// which detectors run with which action, and which values are allowed. It turns one string into its redacted form.
/// </summary>
internal sealed class RedactionPolicy
{
    private static readonly string[] UrlKeys = ["url.full", "http.url", "http.target", "http.request.header.referer", "http.response.header.location"];
    private static readonly string[] SqlKeys = ["db.statement", "db.query.text"];

    private readonly KeyPattern[] _allowKeys;
    private readonly KeyRule[] _keyRules;
    private readonly bool _useDenyList;
    private readonly bool _scrubUrls;
    private readonly bool _scrubSql;
    private readonly FrozenSet<string> _allowValues;
    private readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> _allowValueLookup;
    private readonly ValueHasher? _hasher;
    private readonly bool _hasDetectorForQuietText;
    private readonly KeyVerdictCache _verdicts;

    private RedactionPolicy(
        KeyPattern[] allowKeys, KeyRule[] keyRules, bool useDenyList, bool scrubUrls, bool scrubSql,
        IEnumerable<string> allowValues, DetectorBinding[] detectors, ValueHasher? hasher)
    {
        _allowKeys = allowKeys;
        _keyRules = keyRules;
        _useDenyList = useDenyList;
        _scrubUrls = scrubUrls;
        _scrubSql = scrubSql;
        _allowValues = allowValues.ToFrozenSet(StringComparer.Ordinal);
        _allowValueLookup = _allowValues.GetAlternateLookup<ReadOnlySpan<char>>();
        Detectors = detectors;
        _hasDetectorForQuietText = Array.Exists(detectors, binding => binding.Detector.CanMatchQuietText);
        _hasher = hasher;
        _verdicts = new KeyVerdictCache(Decide);
    }

    public DetectorBinding[] Detectors { get; }

    /// <summary>
    /// Builds the global policy (<paramref name="service"/> null) or a service's: the service's rules come first, its
    /// allow-lists add to the global ones, and its disabled detectors are left out.
    /// </summary>
    public static RedactionPolicy Build(RedactionOptions options, ServiceRedactionOptions? service, ValueHasher? hasher)
    {
        var keyRules = new List<KeyRule>();
        var valueRules = new List<DetectorBinding>();
        if (service is not null)
        {
            AddRules(service.Rules, "service", keyRules, valueRules);
        }

        AddRules(options.Rules, "global", keyRules, valueRules);

        var disabled = service?.DisabledDetectors.ToHashSet(StringComparer.OrdinalIgnoreCase) ?? [];
        var detectors = new List<DetectorBinding>();
        AddDetector(detectors, options.Detectors.Email, new EmailDetector(), disabled);
        AddDetector(detectors, options.Detectors.Card, new PaymentCardDetector(), disabled);
        AddDetector(detectors, options.Detectors.Ssn, new SsnDetector(), disabled);
        AddDetector(detectors, options.Detectors.Iban, new IbanDetector(), disabled);
        AddDetector(detectors, options.Detectors.Phone, new PhoneNumberDetector(), disabled);
        AddDetector(detectors, options.Detectors.Jwt, new JwtDetector(), disabled);
        AddDetector(detectors, options.Detectors.Credential, new CredentialDetector(), disabled);
        AddDetector(detectors, options.Detectors.AccessKey, new AccessKeyDetector(), disabled);
        AddDetector(detectors, options.Detectors.PrivateKey, new PrivateKeyDetector(), disabled);
        AddDetector(detectors, options.Detectors.Ip, new IpAddressDetector(), disabled);
        detectors.AddRange(valueRules);

        var allowKeys = (service?.AllowKeys ?? []).Concat(options.AllowKeys).Select(key => KeyPattern.Create(key, null)).ToArray();
        var allowValues = (service?.AllowValues ?? []).Concat(options.AllowValues);
        return new RedactionPolicy(
            allowKeys, [.. keyRules], options.UseDefaultDenyList,
            options.ScrubUrls && !disabled.Contains(DetectorNames.Url),
            options.ScrubSql && !disabled.Contains(DetectorNames.Sql),
            allowValues, [.. detectors], hasher);
    }

    private static void AddRules(List<RedactionRule> rules, string scope, List<KeyRule> keyRules, List<DetectorBinding> valueRules)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            // Validated at start-up, so compiling cannot fail here.
            if (!RuleCompiler.TryCompile(rules[i], $"{scope} rule {i}", out var compiled, out var error))
            {
                throw new InvalidOperationException(error);
            }

            if (compiled.KeyRule is not null)
            {
                keyRules.Add(compiled.KeyRule);
            }
            else
            {
                valueRules.Add(new DetectorBinding(compiled.ValueRule!, compiled.Action));
            }
        }
    }

    private static void AddDetector(List<DetectorBinding> detectors, DetectorSettings settings, ValueDetector detector, HashSet<string> disabled)
    {
        if (settings.Enabled && !disabled.Contains(detector.Name))
        {
            RedactionActions.TryParse(settings.Action, out var action);
            detectors.Add(new DetectorBinding(detector, action));
        }
    }

    public KeyVerdict Classify(string key) => _verdicts.Get(key);

    private KeyVerdict Decide(string key)
    {
        foreach (var allowed in _allowKeys)
        {
            if (allowed.Matches(key))
            {
                return KeyVerdict.Allow;
            }
        }

        foreach (var rule in _keyRules)
        {
            if (rule.Pattern.Matches(key))
            {
                return rule.Verdict;
            }
        }

        if (_useDenyList && DefaultDenyList.Matches(key, out var marker))
        {
            return KeyVerdict.Redact(RedactionAction.Mask, marker);
        }

        if (_scrubUrls && IsOneOf(key, UrlKeys))
        {
            return KeyVerdict.ScrubUrl;
        }

        if (_scrubUrls && key.Equals("url.query", StringComparison.OrdinalIgnoreCase))
        {
            return KeyVerdict.ScrubQuery;
        }

        return _scrubSql && IsOneOf(key, SqlKeys) ? KeyVerdict.ScrubSql : KeyVerdict.Detect;
    }

    private static bool IsOneOf(string key, string[] keys)
    {
        foreach (var candidate in keys)
        {
            if (key.Equals(candidate, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Applies a key rule's action to a whole value given as text.</summary>
    public string RedactWhole(KeyVerdict verdict, string text) =>
        verdict.Action == RedactionAction.Hash ? Hasher.Token(text) : verdict.Marker;

    private ValueHasher Hasher => _hasher ?? throw new InvalidOperationException("The hash action needs Ingester:Redaction:HashKeyFile; start-up validation should have refused this configuration.");

    /// <summary>
    /// Scrubs (by <paramref name="treatment"/>) and runs the detectors over <paramref name="text"/>. Returns the text
    /// itself when nothing is found, and null when a detector whose action is drop matched and the caller can drop.
    /// </summary>
    public string? RedactText(string text, KeyTreatment treatment, RedactionContext context, string location, bool canDrop)
    {
        if (text.Length == 0 || (_allowValues.Count > 0 && _allowValues.Contains(text)))
        {
            return text;
        }

        var current = text;
        int scrubbed;
        switch (treatment)
        {
            case KeyTreatment.ScrubUrl or KeyTreatment.ScrubQuery:
                current = UrlQueryScrubber.Scrub(text, treatment == KeyTreatment.ScrubQuery, out scrubbed);
                Count(context, DetectorNames.Url, scrubbed, location);
                break;
            case KeyTreatment.ScrubSql:
                current = SqlLiteralScrubber.Scrub(text, out scrubbed);
                Count(context, DetectorNames.Sql, scrubbed, location);
                break;
        }

        var found = context.Ranges;
        found.Clear();
        var profile = TextProfile.Of(current);
        if (profile.IsQuiet && !_hasDetectorForQuietText)
        {
            return current;
        }

        for (var i = 0; i < Detectors.Length; i++)
        {
            if (Detectors[i].Detector.MightContain(current, profile))
            {
                Detectors[i].Detector.Find(current, found, i);
            }
        }

        if (found.Count == 0)
        {
            return current;
        }

        RemoveAllowedMatches(current, found);
        found.Normalize();
        return Replace(current, found, context, location, canDrop);
    }

    private void RemoveAllowedMatches(string text, DetectedRanges found)
    {
        if (_allowValues.Count == 0)
        {
            return;
        }

        for (var i = found.Count - 1; i >= 0; i--)
        {
            if (_allowValueLookup.Contains(text.AsSpan(found[i].Start, found[i].Length)))
            {
                found.RemoveAt(i);
            }
        }
    }

    private string? Replace(string text, DetectedRanges found, RedactionContext context, string location, bool canDrop)
    {
        if (found.Count == 0)
        {
            return text;
        }

        var result = new StringBuilder(text.Length);
        var copied = 0;
        for (var i = 0; i < found.Count; i++)
        {
            var range = found[i];
            var binding = Detectors[range.Source];
            Count(context, binding.Detector.Name, 1, location);
            if (binding.Action == RedactionAction.Drop && canDrop)
            {
                return null;
            }

            result.Append(text, copied, range.Start - copied)
                .Append(binding.Action == RedactionAction.Hash ? Hasher.Token(text.AsSpan(range.Start, range.Length)) : binding.Marker);
            copied = range.End;
        }

        return result.Append(text, copied, text.Length - copied).ToString();
    }

    private static void Count(RedactionContext context, string name, int count, string location)
    {
        if (count > 0)
        {
            context.Tally.Add(name, count, location);
        }
    }
}

/// <summary>A detector in force with its action.</summary>
internal sealed class DetectorBinding(ValueDetector detector, RedactionAction action)
{
    public ValueDetector Detector { get; } = detector;

    public RedactionAction Action { get; } = action;

    public string Marker { get; } = RedactionMarkers.Mask(detector.Name);
}
