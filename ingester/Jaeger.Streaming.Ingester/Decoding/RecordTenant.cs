using System.Text;
using Confluent.Kafka;
using Jaeger.Streaming.Schemas.Kafka;
using Jaeger.Streaming.Schemas.Storage;

namespace Jaeger.Streaming.Ingester.Decoding;

/// <summary>
/// The tenant a span record belongs to: its <c>x-tenant</c> header, or <see cref="TenantName.Default"/> when the
/// header is absent or empty. A name storage cannot keep apart (see <see cref="TenantName"/>) is a rejection, never
/// a fallback to the default tenant, so a misconfigured producer cannot write into someone else's data.
/// </summary>
internal static class RecordTenant
{
    /// <summary>The record's tenant; call only for a record whose headers <see cref="Problem"/> accepted.</summary>
    public static string Of(Headers? headers) =>
        headers is not null && headers.TryGetLastBytes(SpanRecordContract.TenantHeader, out var value) && value is { Length: > 0 }
            ? Encoding.UTF8.GetString(value)
            : TenantName.Default;

    /// <summary>Why the record's tenant header cannot be used, or null when it can.</summary>
    public static string? Problem(Headers? headers)
    {
        var tenant = Of(headers);
        return TenantName.IsValid(tenant)
            ? null
            : $"{SpanRecordContract.TenantHeader} '{Truncated(tenant)}' is not a valid tenant: {TenantName.Rule}";
    }

    private static string Truncated(string tenant) => tenant.Length <= TenantName.MaxLength ? tenant : tenant[..TenantName.MaxLength] + "…";
}
