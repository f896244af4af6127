using Jaeger.Streaming.Ingester.Redaction.Detectors;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Ingester.Redaction;

/// <summary>Checks <see cref="RedactionOptions"/> at start-up; each failure names the key and the fix. The hash key itself is never shown.</summary>
internal sealed class RedactionOptionsValidator : IValidateOptions<RedactionOptions>
{
    internal const int MinHashKeyBytes = 16;
    private const string Prefix = RedactionOptions.Section + ":";

    public ValidateOptionsResult Validate(string? name, RedactionOptions options)
    {
        var failures = new List<string>();
        var hashUsers = new List<string>();
        CheckRules(options.Rules, $"{Prefix}Rules", failures, hashUsers);
        CheckDetectors(options.Detectors, failures, hashUsers);
        foreach (var (service, overrides) in options.Services)
        {
            var path = $"{Prefix}Services:{service}";
            if (string.IsNullOrWhiteSpace(service))
            {
                failures.Add($"{Prefix}Services has an entry with an empty service name; key each entry by the service.name it applies to.");
            }

            CheckRules(overrides.Rules, $"{path}:Rules", failures, hashUsers);
            foreach (var detector in overrides.DisabledDetectors)
            {
                if (!DetectorNames.Switchable.Contains(detector, StringComparer.OrdinalIgnoreCase))
                {
                    failures.Add($"{path}:DisabledDetectors '{detector}' is not a detector; use {string.Join(", ", DetectorNames.Switchable)}.");
                }
            }
        }

        CheckHashKey(options, hashUsers, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void CheckRules(List<RedactionRule> rules, string path, List<string> failures, List<string> hashUsers)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            var rulePath = $"{path}:{i}";
            if (!RuleCompiler.TryCompile(rules[i], rulePath, out var compiled, out var error))
            {
                failures.Add(error!);
            }
            else if (compiled.Action == RedactionAction.Hash)
            {
                hashUsers.Add($"{rulePath}:Action");
            }
        }
    }

    private static void CheckDetectors(DetectorOptions detectors, List<string> failures, List<string> hashUsers)
    {
        Check(detectors.Email, nameof(DetectorOptions.Email));
        Check(detectors.Card, nameof(DetectorOptions.Card));
        Check(detectors.Ssn, nameof(DetectorOptions.Ssn));
        Check(detectors.Iban, nameof(DetectorOptions.Iban));
        Check(detectors.Phone, nameof(DetectorOptions.Phone));
        Check(detectors.Jwt, nameof(DetectorOptions.Jwt));
        Check(detectors.Credential, nameof(DetectorOptions.Credential));
        Check(detectors.AccessKey, nameof(DetectorOptions.AccessKey));
        Check(detectors.PrivateKey, nameof(DetectorOptions.PrivateKey));
        Check(detectors.Ip, nameof(DetectorOptions.Ip));

        void Check(DetectorSettings settings, string detector)
        {
            var path = $"{Prefix}Detectors:{detector}:Action";
            if (!RedactionActions.TryParse(settings.Action, out var action))
            {
                failures.Add($"{path} '{settings.Action}' is not an action; use {RedactionActions.Choices}.");
            }
            else if (settings.Enabled && action == RedactionAction.Hash)
            {
                hashUsers.Add(path);
            }
        }
    }

    private static void CheckHashKey(RedactionOptions options, List<string> hashUsers, List<string> failures)
    {
        const string key = Prefix + nameof(RedactionOptions.HashKeyFile);
        if (string.IsNullOrWhiteSpace(options.HashKeyFile))
        {
            if (options.Enabled && hashUsers.Count > 0)
            {
                failures.Add($"{key} is required because {string.Join(", ", hashUsers)} uses the hash action; "
                    + $"set it to the path of a file holding a secret key of at least {MinHashKeyBytes} bytes (for example from 'openssl rand -hex 32'), or use mask.");
            }

            return;
        }

        try
        {
            var length = ValueHasher.ReadKey(options.HashKeyFile).Length;
            if (length < MinHashKeyBytes)
            {
                failures.Add($"{key} '{options.HashKeyFile}' holds a {length}-byte key; use at least {MinHashKeyBytes} bytes (for example from 'openssl rand -hex 32').");
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            failures.Add($"{key} '{options.HashKeyFile}' cannot be read ({e.GetType().Name}); point it at a readable file holding the hash key.");
        }
    }
}
