namespace Jaeger.Streaming.Collector.Boundary.Authentication;

/// <summary>
/// Who sent a request, as far as the collector knows: the tenant written to the record's <c>x-tenant</c> header, and
/// the <c>service.name</c> values the credential may write (null: any).
/// </summary>
internal sealed record Producer(string Tenant, IReadOnlySet<string>? AllowedServices)
{
    /// <summary>A producer when authentication is off: no tenant, any service.</summary>
    public static Producer Anonymous { get; } = new("", null);
}
