namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// One static API token, for automation, bound from <c>Query:Authentication:Tokens:N</c>. Sent as
/// <c>Authorization: Bearer &lt;token&gt;</c> or <c>X-API-Key: &lt;token&gt;</c>. Its tenant and roles are fixed here,
/// and go through the same RBAC policy as a JWT's.
/// </summary>
public sealed class StaticTokenOptions
{
    /// <summary>Who uses the token; the subject in the audit log. Required.</summary>
    public string Name { get; set; } = "";

    /// <summary>
    /// File holding the token, or several, one per line (each at least 32 characters; surrounding whitespace ignored).
    /// Read again when it changes. Required.
    /// </summary>
    public string TokenPath { get; set; } = "";

    /// <summary>The tenant the token reads. Default <c>default</c>.</summary>
    public string Tenant { get; set; } = Schemas.Storage.TenantName.Default;

    /// <summary>The token's roles, mapped to services by <c>Query:Authorization:Roles</c>. Empty: it can read nothing.</summary>
    public List<string> Roles { get; set; } = [];
}
