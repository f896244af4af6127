namespace Jaeger.Streaming.Collector.Boundary.Tenancy;

/// <summary>
/// Where a request's tenant comes from when producers do not authenticate. Bound from <c>Collector:Tenancy</c>.
/// A credential's tenant always wins: an <c>x-tenant</c> header that disagrees with it is refused (403). Without
/// authentication the header is ignored unless <see cref="AcceptTenantHeader"/> is on.
/// </summary>
public sealed class TenancyOptions
{
    public const string Section = "Collector:Tenancy";

    /// <summary>
    /// Take the tenant from the <c>x-tenant</c> HTTP header or gRPC metadata of unauthenticated requests. Any client
    /// can then claim any listed tenant, so use it only behind a trusted network or proxy. A request without the
    /// header gets 401 / <c>UNAUTHENTICATED</c>; a tenant not in <see cref="Tenants"/> gets 403 /
    /// <c>PERMISSION_DENIED</c>. Default false.
    /// </summary>
    public bool AcceptTenantHeader { get; set; }

    /// <summary>
    /// The allow-list of tenants. Required with <see cref="AcceptTenantHeader"/>; when set, credentials' tenants must be
    /// in it too. Each is a storage tenant name: 1-64 lowercase letters, digits, <c>-</c> and <c>_</c>. Default empty.
    /// </summary>
    public List<string> Tenants { get; set; } = [];
}
