using Jaeger.Streaming.Schemas.Storage;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Authorization;

/// <summary>Refuses a policy that names invalid or unlisted tenants, or grants nothing by mistake.</summary>
internal sealed class AuthorizationOptionsValidator : IValidateOptions<AuthorizationOptions>
{
    private const string S = AuthorizationOptions.Section;

    public ValidateOptionsResult Validate(string? name, AuthorizationOptions options)
    {
        var failures = new List<string>();
        for (var i = 0; i < options.Tenants.Count; i++)
        {
            if (!TenantName.IsValid(options.Tenants[i]))
            {
                failures.Add($"{S}:Tenants:{i} '{options.Tenants[i]}' is not valid: {TenantName.Rule}.");
            }
        }

        var allowed = options.AllowedTenants;
        foreach (var (role, grant) in options.Roles)
        {
            var key = $"{S}:Roles:{role}";
            if (grant.Tenants.Count == 0)
            {
                failures.Add($"{key}:Tenants is empty; list the tenants the role reads, e.g. [\"{TenantName.Default}\"].");
            }

            foreach (var tenant in grant.Tenants.Where(t => !allowed.Contains(t, StringComparer.Ordinal)))
            {
                failures.Add($"{key}:Tenants names '{tenant}', which is not in {S}:Tenants ({string.Join(", ", allowed)}); add it there or fix the name.");
            }

            if (grant.Services.Count == 0)
            {
                failures.Add($"{key}:Services is empty; list service names or patterns such as \"checkout-*\", or \"*\" for all.");
            }

            for (var i = 0; i < grant.Services.Count; i++)
            {
                if (!ServicePattern.TryParse(grant.Services[i], out _, out var error))
                {
                    failures.Add($"{key}:Services:{i}: {error}.");
                }
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
