namespace Jaeger.Streaming.Schemas.Storage;

/// <summary>
/// What one reader call may see: one tenant's data, and of it only the permitted services. Every
/// <see cref="ITraceReader"/> call takes one. Backends apply it inside the storage query, never by filtering results
/// afterwards, so search depths, counts and "nothing found" stay correct under a scope.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><b>Tenant.</b> Data written under another tenant is invisible, whatever its service or trace id:
/// the same service name or even the same trace id under two tenants are two unrelated things.</item>
/// <item><b>Services.</b> A span is permitted when its service (<c>service.name</c>, empty when absent) matches one
/// of <see cref="Services"/> (see <see cref="ServicePattern"/> for the pattern language), or always when
/// <see cref="Services"/> is null. An empty list permits nothing: deny by default.</item>
/// </list>
/// The query service builds a scope from the caller's token; with tenancy and authorization off it uses
/// <see cref="Default"/>.
/// </remarks>
public sealed class ReadScope
{
    private ReadScope(string tenant, ServicePattern[]? services)
    {
        Tenant = tenant;
        Services = services;
    }

    /// <summary>The default tenant, every service: what a deployment without tenancy or authorization reads.</summary>
    public static ReadScope Default { get; } = new(TenantName.Default, null);

    /// <summary>The tenant whose data is read (see <see cref="TenantName"/>).</summary>
    public string Tenant { get; }

    /// <summary>The permitted service patterns; null when every service of the tenant is permitted.</summary>
    public IReadOnlyList<ServicePattern>? Services { get; }

    /// <summary>True when every service of the tenant is permitted.</summary>
    public bool PermitsAllServices => Services is null;

    /// <summary>True when no service at all is permitted: every read finds nothing.</summary>
    public bool PermitsNoService => Services is { Count: 0 };

    /// <summary>Every service of <paramref name="tenant"/>. Throws <see cref="ArgumentException"/> for an invalid tenant name.</summary>
    public static ReadScope AllServicesOf(string tenant)
    {
        TenantName.Require(tenant, nameof(tenant));
        return tenant == TenantName.Default ? Default : new ReadScope(tenant, null);
    }

    /// <summary>
    /// The services of <paramref name="tenant"/> that match any of <paramref name="services"/>; none when it is empty.
    /// A <c>*</c> pattern makes it <see cref="AllServicesOf"/>. Throws <see cref="ArgumentException"/> for an invalid tenant name.
    /// </summary>
    public static ReadScope ServicesOf(string tenant, IEnumerable<ServicePattern> services)
    {
        TenantName.Require(tenant, nameof(tenant));
        var patterns = services.Distinct().ToArray();
        return Array.Exists(patterns, p => p.Text == ServicePattern.Any.Text)
            ? AllServicesOf(tenant)
            : new ReadScope(tenant, patterns);
    }

    /// <summary>Whether spans of <paramref name="service"/> are visible in this scope.</summary>
    public bool Permits(string service)
    {
        if (Services is null)
        {
            return true;
        }

        foreach (var pattern in Services)
        {
            if (pattern.Matches(service))
            {
                return true;
            }
        }

        return false;
    }

    public override string ToString() =>
        $"tenant '{Tenant}', services {(Services is null ? "*" : "[" + string.Join(", ", Services) + "]")}";
}
