using System.Collections.Frozen;
using Jaeger.Streaming.Collector.Boundary.Authentication;
using Jaeger.Streaming.Schemas.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Jaeger.Streaming.Collector.Boundary.Tenancy;

/// <summary>
/// Settles a request's tenant after authentication: the credential's, checked against the allow-list; or, without
/// authentication and only when <see cref="TenancyOptions.AcceptTenantHeader"/> is on, the <c>x-tenant</c> header's.
/// Tenant names must be valid storage tenants, because they travel to storage in the record's <c>x-tenant</c> header.
/// </summary>
internal sealed class TenantResolver
{
    public const string Header = "x-tenant";

    private readonly bool _acceptHeader;
    private readonly FrozenSet<string>? _allowed;

    public TenantResolver(IOptions<TenancyOptions> options)
    {
        _acceptHeader = options.Value.AcceptTenantHeader;
        _allowed = options.Value.Tenants.Count == 0 ? null : options.Value.Tenants.ToFrozenSet(StringComparer.Ordinal);
    }

    /// <summary>The producer with its tenant settled, or the 401/403 to answer instead.</summary>
    public Admission Resolve(HttpRequest request, Producer producer)
    {
        var values = request.Headers[Header];
        var claimed = values.Count == 0 ? null : values.ToString();
        if (producer.Tenant.Length > 0)
        {
            if (claimed is not null && claimed != producer.Tenant)
            {
                return Admission.Forbidden($"The {Header} header names {Shown(claimed)}, but the credential belongs to another tenant; omit the header or send the credential's own tenant.");
            }

            return IsAllowed(producer.Tenant)
                ? Admission.Admitted(producer)
                : Admission.Forbidden($"The credential's tenant is not a tenant this collector accepts ({TenantName.Rule}, listed in {TenancyOptions.Section}:Tenants when that is set); ask for a credential of an allowed tenant.");
        }

        if (!_acceptHeader)
        {
            return Admission.Admitted(producer);
        }

        if (string.IsNullOrEmpty(claimed))
        {
            return Admission.Unauthenticated($"This collector needs the tenant in the {Header} header (gRPC: metadata); send one of the tenants it accepts.");
        }

        return IsAllowed(claimed)
            ? Admission.Admitted(producer with { Tenant = claimed })
            : Admission.Forbidden($"The {Header} header names {Shown(claimed)}, which is not a tenant this collector accepts ({TenancyOptions.Section}:Tenants).");
    }

    private bool IsAllowed(string tenant) => TenantName.IsValid(tenant) && (_allowed is null || _allowed.Contains(tenant));

    // Only a well-formed name is echoed; anything else could be a long or hostile string.
    private static string Shown(string tenant) => TenantName.IsValid(tenant) ? $"'{tenant}'" : "an invalid tenant name";
}
