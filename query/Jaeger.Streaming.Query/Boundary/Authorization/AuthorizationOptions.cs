namespace Jaeger.Streaming.Query.Boundary.Authorization;

/// <summary>
/// The RBAC policy, bound from <c>Query:Authorization</c>: which tenants exist, and which services of which tenants
/// each role may read. Deny by default: a caller whose roles grant nothing in its tenant reads nothing (403).
/// Applies when <c>Query:Authentication:Mode</c> is not <c>none</c>.
/// </summary>
public sealed class AuthorizationOptions
{
    public const string Section = "Query:Authorization";

    /// <summary>
    /// The tenant allow-list: a token naming any other tenant is refused (403). Names follow the storage rule
    /// (lowercase letters, digits, <c>-</c>, <c>_</c>). Default <c>["default"]</c>.
    /// </summary>
    public List<string> Tenants { get; set; } = [];

    /// <summary>A role that reads every service of the caller's own tenant (never another tenant's). Empty: no admin role.</summary>
    public string AdminRole { get; set; } = "";

    /// <summary>Role name → what it grants. A caller's grant is the union over its roles for its tenant.</summary>
    public Dictionary<string, RoleGrant> Roles { get; set; } = new(StringComparer.Ordinal);

    /// <summary>The allow-list as configured, or <c>default</c> alone when none is.</summary>
    internal IReadOnlyList<string> AllowedTenants => Tenants.Count > 0 ? Tenants : [Schemas.Storage.TenantName.Default];
}

/// <summary>What one role grants: services, by exact name or <c>*</c> glob, in the listed tenants.</summary>
public sealed class RoleGrant
{
    /// <summary>The tenants the grant applies in; each must be on the allow-list. Required.</summary>
    public List<string> Tenants { get; set; } = [];

    /// <summary>
    /// Service patterns: exact names, globs where <c>*</c> is any run of characters (<c>checkout-*</c>), or <c>*</c>
    /// for every service. Nothing else is special. Required.
    /// </summary>
    public List<string> Services { get; set; } = [];
}
