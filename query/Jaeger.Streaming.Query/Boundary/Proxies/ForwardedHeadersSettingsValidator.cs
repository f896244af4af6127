using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Proxies;

/// <summary>Refuses to start with a trusted proxy that is neither an address nor a network.</summary>
internal sealed class ForwardedHeadersSettingsValidator : IValidateOptions<ForwardedHeadersSettings>
{
    public ValidateOptionsResult Validate(string? name, ForwardedHeadersSettings options)
    {
        for (var i = 0; i < options.TrustedProxies.Count; i++)
        {
            if (!TrustedProxyNetworks.TryParse(options.TrustedProxies[i], out _))
            {
                return ValidateOptionsResult.Fail(
                    $"{ForwardedHeadersSettings.Section}:TrustedProxies:{i} '{options.TrustedProxies[i]}' is neither an IP address nor a network; "
                    + "give an address (10.0.0.5) or a network in CIDR notation (10.0.0.0/8).");
            }
        }

        return ValidateOptionsResult.Success;
    }
}
