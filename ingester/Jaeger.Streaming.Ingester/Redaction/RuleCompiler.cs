using System.Text.RegularExpressions;
using Jaeger.Streaming.Ingester.Redaction.Detectors;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>
/// Turns a configured <see cref="RedactionRule"/> into a key rule or a value detector. The validator and the policy
/// both go through here, so a rule that passes validation is exactly the rule that runs.
/// </summary>
internal static partial class RuleCompiler
{
    public static bool TryCompile(RedactionRule rule, string path, out CompiledRule compiled, out string? error)
    {
        compiled = default;
        error = null;
        var hasKey = !string.IsNullOrWhiteSpace(rule.Key);
        var hasValue = !string.IsNullOrWhiteSpace(rule.Value);
        if (hasKey == hasValue)
        {
            error = $"{path} has {(hasKey ? "both Key and Value" : "neither Key nor Value")}; set exactly one: Key for attribute keys, Value for a regex over string values.";
            return false;
        }

        if (!RedactionActions.TryParse(rule.Action, out var action))
        {
            error = $"{path}:Action '{rule.Action}' is not an action; use {RedactionActions.Choices}.";
            return false;
        }

        if (rule.Name is not null && !RuleName().IsMatch(rule.Name))
        {
            error = $"{path}:Name '{rule.Name}' may hold only letters, digits, '_', '.' and '-'; it appears in [REDACTED:<name>].";
            return false;
        }

        var name = rule.Name ?? (hasKey ? DetectorNames.Key : DetectorNames.Value);
        try
        {
            if (hasKey)
            {
                compiled = new CompiledRule(new KeyRule(KeyPattern.Create(rule.Key!, rule.Match), KeyVerdict.Redact(action, name)), null, action);
            }
            else
            {
                if (rule.Match is not null)
                {
                    error = $"{path}:Match applies to Key rules only; remove it (a Value is always a regex).";
                    return false;
                }

                var regex = new Regex(rule.Value!, RegexOptions.CultureInvariant | RegexOptions.Compiled, KeyPattern.RegexTimeout);
                compiled = new CompiledRule(null, new PatternDetector(name, regex), action);
            }
        }
        catch (ArgumentException e)
        {
            error = hasKey && e is not RegexParseException
                ? $"{path}:Match {e.Message}."
                : $"{path}:{(hasKey ? "Key" : "Value")} is not a valid regular expression ({e.Message}); fix the pattern.";
            return false;
        }

        return true;
    }

    [GeneratedRegex(@"^[A-Za-z0-9_.\-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex RuleName();
}

/// <summary>A compiled rule: exactly one of <see cref="KeyRule"/> and <see cref="ValueRule"/> is set.</summary>
internal readonly record struct CompiledRule(KeyRule? KeyRule, PatternDetector? ValueRule, RedactionAction Action);

/// <summary>A key rule: attributes whose key matches get <see cref="Verdict"/>.</summary>
internal sealed record KeyRule(KeyPattern Pattern, KeyVerdict Verdict);
