using System.Collections.Frozen;
using Jaeger.Streaming.Query.Boundary.Authentication;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Query.Boundary.Authorization;

/// <summary>
/// Turns a credential into the <see cref="ReadScope"/> every storage read of the request takes: the credential's
/// tenant (never anything the client sends besides its token), and the services the credential's roles grant there.
/// </summary>
internal sealed class RolePolicy
{
    private readonly FrozenSet<string> _tenants;
    private readonly string _adminRole;
    private readonly FrozenDictionary<string, (FrozenSet<string> Tenants, ServicePattern[] Services)> _roles;

    public RolePolicy(IOptions<AuthorizationOptions> options)
    {
        var policy = options.Value;
        _tenants = policy.AllowedTenants.ToFrozenSet(StringComparer.Ordinal);
        _adminRole = policy.AdminRole;
        _roles = policy.Roles.ToFrozenDictionary(
            r => r.Key,
            r => (r.Value.Tenants.ToFrozenSet(StringComparer.Ordinal), r.Value.Services.Select(ServicePattern.Parse).ToArray()),
            StringComparer.Ordinal);
    }

    /// <summary>The scope <paramref name="credential"/> reads, or a refusal; with authentication off, the default scope.</summary>
    public AccessDecision Decide(Credential credential, bool authenticated)
    {
        if (!authenticated)
        {
            return new AccessDecision(credential, ReadScope.Default, null);
        }

        var tenant = credential.Tenant ?? TenantName.Default;
        if (!_tenants.Contains(tenant))
        {
            return new AccessDecision(credential, null, $"tenant '{tenant}' is not served here");
        }

        if (_adminRole.Length > 0 && credential.Roles.Contains(_adminRole, StringComparer.Ordinal))
        {
            return new AccessDecision(credential, ReadScope.AllServicesOf(tenant), null);
        }

        var services = new List<ServicePattern>();
        foreach (var role in credential.Roles)
        {
            if (_roles.TryGetValue(role, out var grant) && grant.Tenants.Contains(tenant))
            {
                services.AddRange(grant.Services);
            }
        }

        return services.Count == 0
            ? new AccessDecision(credential, null, $"no role of '{credential.Subject}' grants any service in tenant '{tenant}'")
            : new AccessDecision(credential, ReadScope.ServicesOf(tenant, services), null);
    }
}
