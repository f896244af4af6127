using Jaeger.Streaming.Query.Boundary.Authentication;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Query.Boundary.Authorization;

/// <summary>
/// What access control decided for one request, kept as a request feature for the audit log: who asked, the tenant
/// and scope granted, or why the request was refused.
/// </summary>
internal sealed record AccessDecision(Credential? Credential, ReadScope? Scope, string? Refusal)
{
    public string? Tenant => Scope?.Tenant ?? Credential?.Tenant;
}
