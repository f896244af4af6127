using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.Tenancy;

/// <summary>Checks the allow-list, and that every static credential's tenant is on it when it is set.</summary>
internal sealed class TenancyOptionsValidator(IOptions<AuthenticationOptions> authentication) : IValidateOptions<TenancyOptions>
{
    public ValidateOptionsResult Validate(string? name, TenancyOptions options)
    {
        var failures = new List<string>();
        if (options.AcceptTenantHeader && options.Tenants.Count == 0)
        {
            failures.Add($"{TenancyOptions.Section}:AcceptTenantHeader is true but {TenancyOptions.Section}:Tenants is empty; list the tenants clients may name in x-tenant.");
        }

        for (var i = 0; i < options.Tenants.Count; i++)
        {
            if (!TenantName.IsValid(options.Tenants[i]))
            {
                failures.Add($"{TenancyOptions.Section}:Tenants:{i} '{options.Tenants[i]}' is not a valid tenant: {TenantName.Rule}.");
            }
        }

        var credentials = authentication.Value.Credentials;
        for (var i = 0; options.Tenants.Count > 0 && i < credentials.Count; i++)
        {
            if (!options.Tenants.Contains(credentials[i].Tenant, StringComparer.Ordinal))
            {
                failures.Add($"{AuthenticationOptions.Section}:Credentials:{i}:Tenant '{credentials[i].Tenant}' is not in {TenancyOptions.Section}:Tenants; add it there or give the credential a listed tenant.");
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
