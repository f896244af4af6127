using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>A login needs the issuer the tokens are checked against; anything else stops the start naming the key.</summary>
internal sealed class BrowserLoginOptionsValidator(IOptions<AuthenticationOptions> authentication) : IValidateOptions<BrowserLoginOptions>
{
    public ValidateOptionsResult Validate(string? name, BrowserLoginOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var value = authentication.Value;
        if (!value.Modes.HasFlag(AuthenticationModes.Jwt) || !value.Jwt.UsesDiscovery)
        {
            failures.Add($"{BrowserLoginOptions.Section}:ClientId is set, but logging in needs the issuer the tokens are checked against: set {AuthenticationOptions.Section}:Mode to include 'jwt' and {AuthenticationOptions.Section}:Jwt:Authority.");
        }

        if (options.Scopes.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length == 0)
        {
            failures.Add($"{BrowserLoginOptions.Section}:Scopes is empty; use 'openid', or the scopes your issuer needs.");
        }

        if (options.ExchangesPerMinute < 1)
        {
            failures.Add($"{BrowserLoginOptions.Section}:ExchangesPerMinute is {options.ExchangesPerMinute}; it must be at least 1.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
