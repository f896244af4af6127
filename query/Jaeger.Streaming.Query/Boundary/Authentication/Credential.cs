namespace Jaeger.Streaming.Query.Boundary.Authentication;

/// <summary>
/// Who a request authenticated as: the subject for the audit log, the tenant the credential names (null: none named),
/// and the roles the RBAC policy maps to services.
/// </summary>
internal sealed record Credential(string Subject, string? Tenant, IReadOnlyList<string> Roles)
{
    /// <summary>The caller when authentication is off.</summary>
    public static Credential Anonymous { get; } = new("anonymous", null, []);
}
